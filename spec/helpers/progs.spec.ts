/** The fixture child programs do what fixtures/progs/README.md says (they run without a daemon here). */
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO, waitFor } from './daemon';

const PROGS = path.join(REPO, 'fixtures', 'progs');

function run(prog: string, args: string[] = [], input?: string): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve) => {
    const child = execFile(path.join(PROGS, prog), args, { encoding: 'buffer', timeout: 10000 }, (err, stdout, stderr) => {
      const code = err ? ((err as unknown as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

describe('fixtures/progs', () => {
  it('exit-after.sh exits with the code after the delay', async () => {
    const started = Date.now();
    expect((await run('exit-after.sh', ['3', '200'])).code).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect((await run('exit-after.sh', ['0'])).code).toBe(0);
  });

  it('flood.py writes exactly TOTAL bytes in CHUNK-sized lines', async () => {
    const { code, stdout } = await run('flood.py', ['1000', '100']);
    expect(code).toBe(0);
    expect(stdout.length).toBe(1000);
    expect(stdout.toString().split('\n')).toEqual([...Array(10).fill('x'.repeat(99)), '']);
    expect((await run('flood.py', ['10', '4', '2'])).stderr.toString()).toBe('xxx\nxxx\nxx');
  });

  it('echo-stdin.sh, print-env.sh and non-utf8.sh', async () => {
    expect((await run('echo-stdin.sh', [], 'hello\n')).stdout.toString()).toBe('hello\n');
    expect((await run('print-env.sh')).stdout.toString()).toMatch(/^PATH=/m);
    const raw = await run('non-utf8.sh');
    expect([...raw.stdout]).toEqual([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0xfe, 0x88, 0x0a]);
    expect([...raw.stderr]).toEqual([0x65, 0x72, 0x72, 0x20, 0xff, 0x0a]);
  });

  it('print-and-sleep.sh prints then sleeps; ignore-term.sh survives SIGTERM', async () => {
    for (const [prog, args, line, termStops] of [
      ['print-and-sleep.sh', ['hi', 'there'], 'hi there\n', true],
      ['ignore-term.sh', [], 'ignoring SIGTERM\n', false],
    ] as const) {
      const child = spawn(path.join(PROGS, prog), [...args], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      let exited = false;
      child.stdout.on('data', (c) => (out += c));
      child.on('exit', () => (exited = true));
      try {
        await waitFor(() => out === line, 5000, `${prog} output`);
        child.kill('SIGTERM');
        if (termStops) await waitFor(() => exited, 5000, `${prog} to stop on SIGTERM`);
        // Still alive well after the SIGTERM was delivered (a signal to a sleeping process acts at once).
        else await expect(waitFor(() => exited, 300, 'exit')).rejects.toThrow(/timed out/);
      } finally {
        child.kill('SIGKILL');
      }
    }
  });
});

import { execFile } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpawnedChild, SpawnRequest, spawnerKind, spawnProgram } from '../../lib/process/spawner';

interface Run {
  out: string;
  err: string;
  code: number | null;
  signal: string | null;
}

/** Start a program; `done` resolves with everything it wrote to stdout and stderr, and how it ended. */
function start(req: Partial<SpawnRequest> & { argv: string[] }): { child: SpawnedChild; done: Promise<Run> } {
  let out = '';
  let err = '';
  const child = spawnProgram({ file: req.argv[0], env: { PATH: '/usr/bin:/bin' }, redirectStderr: false, ...req }, (channel, chunk) => {
    if (channel === 'stdout') out += chunk.toString();
    else err += chunk.toString();
  });
  const done = once(child, 'close').then(([code, signal]) => ({ out, err, code, signal }) as Run);
  return { child, done };
}

const run = (req: Partial<SpawnRequest> & { argv: string[] }) => start(req).done;

describe('spawner', () => {
  it('is the native spawner on this machine (npm install builds native/spawn.c)', () => {
    // Fails loudly when the build silently fell back, so CI always exercises the native path.
    if (process.env.TSUPERVISOR_NATIVE === '0') expect(spawnerKind).toBe('child_process');
    else expect(spawnerKind).toBe('native');
  });

  it('passes argv, env and cwd, and reports the exit code', async () => {
    const r = await run({ argv: ['/bin/sh', '-c', 'echo "$0|$1|$FOO|$(pwd)"; echo oops >&2; exit 3', 'zero', 'one'], env: { FOO: 'bar' }, cwd: '/tmp' });
    expect(r).toEqual({ out: 'zero|one|bar|/tmp\n', err: 'oops\n', code: 3, signal: null });
  });

  it('reports death by signal with its name', async () => {
    const r = await run({ argv: ['/bin/sh', '-c', 'kill -KILL $$'] });
    expect(r.code).toBeNull();
    expect(r.signal).toBe('SIGKILL');
  });

  it('says whether a process killed by a signal dumped core (native spawner)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spawner-core-'));
    const { child, done } = start({ argv: ['/bin/sh', '-c', 'ulimit -c unlimited 2>/dev/null; kill -QUIT $$'], env: {}, cwd: dir });
    const r = await done;
    expect(r.signal).toBe('SIGQUIT');
    const pattern = fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
    const dumped = fs.readdirSync(dir).some((f) => f.startsWith('core'));
    fs.rmSync(dir, { recursive: true, force: true });
    if (spawnerKind !== 'native') expect(child.coreDumped).toBeUndefined();
    // with a plain file pattern the kernel's answer can be checked against the file it wrote
    else if (!pattern.startsWith('|')) expect(child.coreDumped).toBe(dumped);
    else expect(typeof child.coreDumped).toBe('boolean');
  });

  it('sends stderr into the stdout pipe with redirectStderr, in order', async () => {
    const { child, done } = start({ argv: ['/bin/sh', '-c', 'echo 1; echo 2 >&2; echo 3'], env: {}, redirectStderr: true });
    if (spawnerKind === 'native') expect(child.stderr).toBeNull();
    expect((await done).out).toBe('1\n2\n3\n');
  });

  it('starts the program with default signal handling, an empty signal mask, only fds 0-2, a new session and the umask', async () => {
    const script = [
      'grep -E "^Sig(Ign|Blk)" /proc/self/status',
      'ls /proc/self/fd | sort -n | tr "\\n" " "; echo',
      'umask',
      'ps -o sid= -p $$ | tr -d " "',
      'echo $$',
    ].join('; ');
    const r = await run({ argv: ['/bin/sh', '-c', script], umask: 0o27 });
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('SigBlk:\t0000000000000000');
    expect(lines[1]).toBe('SigIgn:\t0000000000000000');
    // 0-2, plus the fd `ls` itself opens on /proc/self/fd (Node's child_process passes on whatever lacks CLOEXEC)
    if (spawnerKind === 'native') expect(lines[2].trim().split(' ').map(Number).filter((fd) => fd > 3)).toEqual([]);
    expect(lines[3]).toBe('0027');
    expect(lines[4]).toBe(lines[5]); // session id == pid: setsid
  });

  it('reports a failed exec as the reference child does: on stderr, then exit 127', async () => {
    if (spawnerKind !== 'native') {
      // Node's child_process fails the spawn itself (and names the cause only later)
      expect(() => start({ file: '/nonexistent/prog', argv: ['prog'], env: {} })).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spawner-exec-'));
    const script = path.join(dir, 'no-shebang');
    fs.writeFileSync(script, 'echo not run\n', { mode: 0o755 });
    const missing = await run({ file: '/nonexistent/prog', argv: ['prog', 'arg'], env: {} });
    const noexec = await run({ file: script, argv: ['no-shebang'], env: {} });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(missing).toEqual({ out: '', err: "supervisor: couldn't exec prog: ENOENT\nsupervisor: child process was not spawned\n", code: 127, signal: null });
    expect(noexec.err).toBe("supervisor: couldn't exec no-shebang: ENOEXEC\nsupervisor: child process was not spawned\n");
    expect(noexec.code).toBe(127);
  });

  it('throws, naming the step, when setting up the child fails before exec (native spawner)', () => {
    if (spawnerKind !== 'native') return;
    expect(() => start({ file: '/bin/true', argv: ['true'], env: {}, cwd: '/nonexistent' })).toThrow(
      expect.objectContaining({ code: 'ENOENT', syscall: 'chdir' }),
    );
  });

  it('gives the child an inherited fd as stdin', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spawner-')), 'in.txt');
    fs.writeFileSync(file, 'from a file\n');
    const fd = fs.openSync(file, 'r');
    try {
      const r = await run({ argv: ['/bin/cat'], stdinFd: fd });
      expect(r.out).toBe('from a file\n');
    } finally {
      fs.closeSync(fd);
    }
  });

  it('writes to stdin through a pipe', async () => {
    const { child, done } = start({ argv: ['/bin/cat'], env: {} });
    child.stdin!.end('through the pipe\n');
    expect((await done).out).toBe('through the pipe\n');
  });

  it("does not collect child_process children of the same process (they still get their exit)", async () => {
    const started = start({ argv: ['/bin/sh', '-c', 'sleep 0.2'], env: {} });
    const other = new Promise<number | null>((resolve) => execFile('/bin/sh', ['-c', 'exit 7']).on('exit', resolve));
    expect(await other).toBe(7);
    expect((await started.done).code).toBe(0);
  });

  it('keeps the output of children writing at the same time apart and intact (one read buffer is shared)', async () => {
    // 4 children, 1 MiB each of their own letter, all larger than the 64 KiB buffer and read interleaved
    const letters = ['a', 'b', 'c', 'd'];
    const runs = letters.map((l) => run({ argv: ['/bin/sh', '-c', `head -c 1048576 /dev/zero | tr '\\0' ${l}`] }));
    const results = await Promise.all(runs);
    results.forEach((r, i) => {
      expect(r.out.length).toBe(1048576);
      expect(r.out.split(letters[i]).join('')).toBe('');
    });
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('drops to another user with its groups (root only)', async () => {
    const r = await run({ argv: ['/usr/bin/id'], uid: 65534, gid: 65534, groups: [65534, 100] });
    if (spawnerKind === 'native') expect(r.out).toMatch(/^uid=65534\(\S+\) gid=65534\(\S+\) groups=65534\(\S+\),100\(\S+\)$/m);
    else expect(r.out).toMatch(/^uid=65534\(\S+\) gid=65534\(\S+\) groups=65534\(\S+\)$/m);
  });
});

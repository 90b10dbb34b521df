/** Child output end to end: log files, rotation, binary bytes, capture mode, reads and tails, stdin. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDaemon, Daemon } from '../helpers/daemon';

jest.setTimeout(60000);

describe('child output', () => {
  let d: Daemon;
  afterEach(async () => {
    await d?.stop();
  });

  it('rotates child logs by size with numbered backups and loses no bytes', async () => {
    d = await startDaemon({
      programs:
        '[program:writer]\ncommand=/bin/sh -c "i=0; while [ $i -lt 400 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done"\n' +
        'stdout_logfile=@TMP@/w.log\nstdout_logfile_maxbytes=4KB\nstdout_logfile_backups=20\nstartsecs=0\nautorestart=false\n',
    });
    await d.waitForState('writer', ['EXITED'], 15000);
    // How many backups appear depends on how the pipe reads happen to split the output (the reference rotates
    // after writing each read), so only "at least one rotation" is certain.
    const files = fs.readdirSync(d.dir).filter((f) => f.startsWith('w.log'));
    expect(files).toContain('w.log.1');
    const ordered = files.sort((a, b) => (Number(b.split('.').pop()) || 0) - (Number(a.split('.').pop()) || 0));
    const all = ordered.map((f) => fs.readFileSync(path.join(d.dir, f), 'utf8')).join('');
    const lines = all.split('\n').filter(Boolean);
    expect(lines).toHaveLength(400);
    expect(lines[0]).toMatch(/^line-0-/);
    expect(lines[399]).toMatch(/^line-399-/);
  });

  it('stores non-UTF-8 output byte for byte; reading it over RPC is an unexpected error like the reference', async () => {
    d = await startDaemon({
      programs: `[program:bin]\ncommand=/bin/sh -c "printf 'a\\\\377\\\\000b\\\\n'"\nstdout_logfile=@TMP@/bin.log\nstartsecs=0\nautorestart=false\n`,
    });
    await d.waitForState('bin', ['EXITED'], 10000);
    expect([...fs.readFileSync(path.join(d.dir, 'bin.log'))]).toEqual([0x61, 0xff, 0x00, 0x62, 0x0a]);
    await expect(d.rpc('supervisor.readProcessStdoutLog', 'bin', 0, 0)).rejects.toThrow('HTTP 500');
  });

  it('captures XSUPERVISOR blocks into PROCESS_COMMUNICATION and keeps the rest in the log', async () => {
    d = await startDaemon({
      programs:
        '[program:talker]\ncommand=/bin/sh -c "echo before; echo \'<!--XSUPERVISOR:BEGIN-->secret<!--XSUPERVISOR:END-->\'; echo after-the-token-and-more; sleep 1000"\n' +
        'stdout_capture_maxbytes=1KB\nstartsecs=0\n',
    });
    await d.waitFor(async () => (await d.rpc('supervisor.readProcessStdoutLog', 'talker', 0, 0)).includes('after'), 10000);
    const log: string = await d.rpc('supervisor.readProcessStdoutLog', 'talker', 0, 0);
    expect(log).toContain('before\n');
    expect(log).not.toContain('secret');
  });

  it('tails with byte offsets and overflow, and reports missing logs as the reference does', async () => {
    d = await startDaemon({
      programs:
        '[program:talker]\ncommand=/bin/sh -c "printf 0123456789ABCDEFGHIJ; sleep 1000"\nstartsecs=0\n' +
        '[program:quiet]\ncommand=/bin/sleep 1000\nstdout_logfile=NONE\nstartsecs=0\n',
    });
    await d.waitFor(async () => (await d.rpc('supervisor.readProcessStdoutLog', 'talker', 0, 0)).length === 20, 10000);
    expect(await d.rpc('supervisor.tailProcessStdoutLog', 'talker', 15, 10)).toEqual(['ABCDEFGHIJ', 20, false]);
    expect(await d.rpc('supervisor.tailProcessStdoutLog', 'talker', 0, 5)).toEqual(['FGHIJ', 20, true]);
    expect(await d.rpc('supervisor.readProcessStdoutLog', 'talker', -5, 0)).toBe('FGHIJ');
    await expect(d.rpc('supervisor.readProcessStdoutLog', 'talker', -5, 5)).rejects.toMatchObject({ faultCode: 3 });
    await expect(d.rpc('supervisor.readProcessStdoutLog', 'quiet', 0, 0)).rejects.toMatchObject({ faultString: 'NO_FILE' });
    expect(await d.rpc('supervisor.tailProcessStdoutLog', 'quiet', 0, 10)).toEqual(['', 0, false]);
    expect((await d.ctl('tail', '-5', 'talker')).stdout).toBe('FGHIJ\n');
  });

  it('supervisorctl tail -f follows the log across a clear (new inode)', async () => {
    d = await startDaemon({ programs: '[program:cat]\ncommand=/bin/cat\nstartsecs=0\n' });
    await d.waitForState('cat', ['RUNNING']);
    const ctl = spawn('/usr/bin/supervisorctl', ['-c', d.configPath, 'tail', '-f', 'cat'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    ctl.stdout.on('data', (c) => (seen += c));
    try {
      await d.waitFor(() => seen.includes('==> Press Ctrl-C to exit <=='), 10000);
      await d.rpc('supervisor.sendProcessStdin', 'cat', 'first\n');
      await d.waitFor(() => seen.includes('first'), 10000);
      expect(await d.rpc('supervisor.clearProcessLogs', 'cat')).toBe(true);
      await d.rpc('supervisor.sendProcessStdin', 'cat', 'second\n');
      await d.waitFor(() => seen.includes('second'), 10000);
    } finally {
      ctl.kill('SIGINT');
    }
  });

  it('keeps answering RPC while a child floods its output', async () => {
    d = await startDaemon({
      programs: '[program:flood]\ncommand=/bin/sh -c "yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\nstdout_logfile=/dev/null\nstdout_logfile_maxbytes=0\nstartsecs=0\n',
    });
    await d.waitForState('flood', ['RUNNING']);
    for (let i = 0; i < 20; i++) expect((await d.rpc('supervisor.getState')).statecode).toBe(1);
  });

  it('reopens logs on SIGUSR2', async () => {
    d = await startDaemon({ programs: '[program:cat]\ncommand=/bin/cat\nstdout_logfile=@TMP@/cat.log\nstartsecs=0\n' });
    await d.waitForState('cat', ['RUNNING']);
    fs.renameSync(path.join(d.dir, 'cat.log'), path.join(d.dir, 'cat.log.old'));
    d.signal('SIGUSR2');
    await d.waitForMainLog(/INFO supervisord logreopen/);
    await d.rpc('supervisor.sendProcessStdin', 'cat', 'after-reopen\n');
    await d.waitFor(() => fs.existsSync(path.join(d.dir, 'cat.log')) && fs.readFileSync(path.join(d.dir, 'cat.log'), 'utf8') === 'after-reopen\n', 10000);
  });
});

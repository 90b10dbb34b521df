/** The remaining supervisorctl commands, end to end against tsupervisord. */
import { spawn } from 'node:child_process';
import { startDaemon, Daemon } from '../helpers/daemon';

jest.setTimeout(60000);

describe('more supervisorctl commands', () => {
  let d: Daemon;
  afterEach(async () => {
    await d?.stop();
  });

  it('maintail, maintail -f, clear, pid all, signal all', async () => {
    d = await startDaemon({
      programs:
        '[program:a]\ncommand=/bin/sh -c "trap \'echo got-USR1\' USR1; echo ready; while :; do sleep 0.1; done"\nstartsecs=0\n' +
        '[program:b]\ncommand=/bin/sleep 1000\nstartsecs=0\n',
    });
    await d.waitForState('a', ['RUNNING']);
    await d.waitForState('b', ['RUNNING']);
    expect((await d.ctl('maintail')).stdout).toContain('supervisord started with pid');
    expect((await d.ctl('maintail', '-20')).stdout).toHaveLength(21);
    const pids = (await d.ctl('pid', 'all')).stdout.trim().split('\n');
    expect(pids).toHaveLength(2);
    expect(pids.every((p) => /^\d+$/.test(p) && p !== '0')).toBe(true);
    expect(await d.ctl('signal', 'USR1', 'a')).toMatchObject({ stdout: 'a: signalled\n' });
    await d.waitFor(async () => (await d.rpc('supervisor.readProcessStdoutLog', 'a', 0, 0)).includes('got-USR1'), 10000);
    expect(await d.ctl('clear', 'a')).toMatchObject({ code: 0, stdout: 'a: cleared\n' });
    expect(await d.rpc('supervisor.readProcessStdoutLog', 'a', 0, 0)).toBe('');
    expect((await d.ctl('clear', 'all')).stdout).toBe('a: cleared\nb: cleared\n');
    const all = await d.ctl('signal', 'CONT', 'all');
    expect(all.stdout).toBe('a: signalled\nb: signalled\n');

    const tail = spawn('/usr/bin/supervisorctl', ['-c', d.configPath, 'maintail', '-f'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    tail.stdout.on('data', (c) => (seen += c));
    try {
      await d.waitFor(() => seen.includes('==> Press Ctrl-C to exit <=='), 10000);
      await d.ctl('stop', 'b');
      await d.waitFor(() => seen.includes('stopped: b'), 10000);
    } finally {
      tail.kill('SIGINT');
    }
  });

  it('reload restarts everything in the same pid; shutdown ends the daemon', async () => {
    d = await startDaemon({ programs: '[program:a]\ncommand=/bin/sleep 1000\nstartsecs=0\n' });
    await d.waitForState('a', ['RUNNING']);
    const before = (await d.rpc('supervisor.getProcessInfo', 'a')).pid;
    expect(await d.ctl('reload')).toMatchObject({ code: 0, stdout: 'Restarted supervisord\n' });
    await d.waitFor(async () => {
      const info = await d.rpc('supervisor.getProcessInfo', 'a');
      return info.statename === 'RUNNING' && info.pid !== before;
    }, 15000);
    expect(await d.rpc('supervisor.getPID')).toBe(d.pid);
    expect(await d.ctl('shutdown')).toMatchObject({ code: 0, stdout: 'Shut down\n' });
    expect(await d.waitExit(15000)).toBe(0);
    expect((await d.ctl('status')).code).not.toBe(0);
  });
});

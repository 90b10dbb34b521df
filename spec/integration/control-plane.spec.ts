/**
 * The control plane as users drive it: the real Python supervisorctl and xmlrpc.client against our daemon.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDaemon, Daemon } from '../helpers/daemon';

jest.setTimeout(90000);

const PROGRAMS = `
[program:cat]
command=/bin/cat
startsecs=1

[program:sleeper]
command=/bin/sleep 1000
startsecs=1
autostart=false

[program:nofile]
command=/nonexistent/command
autostart=false

[group:grp]
programs=g1,g2

[program:g1]
command=/bin/sleep 1002
startsecs=0
autostart=false

[program:g2]
command=/bin/sleep 1003
startsecs=0
autostart=false
`;

describe('supervisorctl against tsupervisord', () => {
  let d: Daemon;
  beforeAll(async () => {
    d = await startDaemon({ programs: PROGRAMS, inet: true, auth: true });
    await d.waitForState('cat', ['RUNNING'], 10000);
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('status lists every process in lexical order and exits 3 when some are stopped', async () => {
    const r = await d.ctl('status');
    expect(r.code).toBe(3);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['cat', 'grp:g1', 'grp:g2', 'nofile', 'sleeper']);
    expect(lines[0]).toMatch(/^cat {30}RUNNING   pid \d+, uptime 0:00:\d\d$/);
    expect(lines[4]).toMatch(/^sleeper {26}STOPPED   Not started$/);
  });

  it('status with names and errors', async () => {
    expect(await d.ctl('status', 'cat')).toMatchObject({ code: 0 });
    expect(await d.ctl('status', 'nosuch')).toMatchObject({ code: 4, stdout: 'nosuch: ERROR (no such process)\n' });
    expect(await d.ctl('status', 'nosuch:*')).toMatchObject({ code: 4, stdout: 'nosuch: ERROR (no such group)\n' });
  });

  it('start, stop and restart a process', async () => {
    expect(await d.ctl('start', 'sleeper')).toMatchObject({ code: 0, stdout: 'sleeper: started\n' });
    expect(await d.ctl('start', 'sleeper')).toMatchObject({ code: 0, stdout: 'sleeper: ERROR (already started)\n' });
    expect(await d.ctl('restart', 'sleeper')).toMatchObject({ code: 0, stdout: 'sleeper: stopped\nsleeper: started\n' });
    expect(await d.ctl('stop', 'sleeper')).toMatchObject({ code: 0, stdout: 'sleeper: stopped\n' });
    expect(await d.ctl('stop', 'sleeper')).toMatchObject({ code: 0, stdout: 'sleeper: ERROR (not running)\n' });
  });

  it('start errors', async () => {
    expect(await d.ctl('start', 'nosuch')).toMatchObject({ code: 1, stdout: 'nosuch: ERROR (no such process)\n' });
    expect(await d.ctl('start', 'nofile')).toMatchObject({ code: 1, stdout: 'nofile: ERROR (no such file)\n' });
    expect(await d.ctl('start', 'nosuch:*')).toMatchObject({ code: 2, stdout: 'nosuch: ERROR (no such group)\n' });
    const noArgs = await d.ctl('start');
    expect(noArgs.code).toBe(2);
    expect(noArgs.stdout).toContain('Error: start requires a process name');
  });

  it('group start and stop', async () => {
    expect(await d.ctl('start', 'grp:*')).toMatchObject({ code: 0, stdout: 'grp:g1: started\ngrp:g2: started\n' });
    expect(await d.ctl('stop', 'grp:*')).toMatchObject({ code: 0, stdout: 'grp:g1: stopped\ngrp:g2: stopped\n' });
  });

  it('pid, version, avail', async () => {
    const pid = await d.ctl('pid');
    expect(pid.stdout.trim()).toBe(String(d.pid));
    expect(await d.ctl('version')).toMatchObject({ code: 0, stdout: '4.2.5\n' });
    const avail = await d.ctl('avail');
    expect(avail.stdout).toMatch(/^cat {30}in use    auto      999:999$/m);
  });

  it('signal and tail', async () => {
    expect(await d.ctl('signal', 'CONT', 'cat')).toMatchObject({ code: 0, stdout: 'cat: signalled\n' });
    expect(await d.ctl('signal', 'FOO', 'cat')).toMatchObject({ code: 1, stdout: 'cat: ERROR (bad signal name)\n' });
    expect(await d.rpc('supervisor.sendProcessStdin', 'cat', 'hello-tail\n')).toBe(true);
    await d.waitFor(async () => (await d.rpc('supervisor.readProcessStdoutLog', 'cat', 0, 0)).includes('hello-tail'), 10000);
    expect((await d.ctl('tail', 'cat')).stdout).toContain('hello-tail');
  });

  it('reread, update, add and remove follow config edits', async () => {
    const conf = fs.readFileSync(d.configPath, 'utf8');
    fs.writeFileSync(d.configPath, conf + '\n[program:newbie]\ncommand=/bin/sleep 1004\nstartsecs=0\n');
    expect(await d.ctl('reread')).toMatchObject({ code: 0, stdout: 'newbie: available\n' });
    expect(await d.ctl('update')).toMatchObject({ code: 0, stdout: 'newbie: added process group\n' });
    await d.waitForState('newbie', ['RUNNING'], 10000);
    expect(await d.ctl('remove', 'newbie')).toMatchObject({ code: 1, stdout: 'ERROR: process/group still running: newbie\n' });
    await d.ctl('stop', 'newbie');
    expect(await d.ctl('remove', 'newbie')).toMatchObject({ code: 0, stdout: 'newbie: removed process group\n' });
    expect(await d.ctl('add', 'newbie')).toMatchObject({ code: 0, stdout: 'newbie: added process group\n' });
    expect(await d.ctl('add', 'newbie')).toMatchObject({ stdout: 'ERROR: process group already active\n' });
    fs.writeFileSync(d.configPath, conf);
    expect(await d.ctl('reread')).toMatchObject({ code: 0, stdout: 'newbie: disappeared\n' });
    expect(await d.ctl('update')).toMatchObject({ code: 0, stdout: 'newbie: stopped\nnewbie: removed process group\n' });
  });

  it('multicall returns unwrapped results and inline faults', async () => {
    const result = await d.rpc('system.multicall', [
      { methodName: 'supervisor.getAPIVersion', params: [] },
      { methodName: 'supervisor.getProcessInfo', params: ['nosuch'] },
      { methodName: 'system.multicall', params: [[]] },
    ]);
    expect(result).toEqual([
      '3.0',
      { faultCode: 10, faultString: 'BAD_NAME: nosuch' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden' },
    ]);
  });

  it('Python xmlrpc.client sees the reference types', async () => {
    const out = await d.pyrpc(
      'p = s.supervisor.getProcessInfo("cat"); print(sorted((k, type(v).__name__) for k, v in p.items()))',
    );
    expect(out.trim()).toBe(
      "[('description', 'str'), ('exitstatus', 'int'), ('group', 'str'), ('logfile', 'str'), ('name', 'str'), ('now', 'int'), ('pid', 'int'), ('spawnerr', 'str'), ('start', 'int'), ('state', 'int'), ('statename', 'str'), ('stderr_logfile', 'str'), ('stdout_logfile', 'str'), ('stop', 'int')]",
    );
  });

  it('refuses bad credentials on the TCP server', async () => {
    const r = await d.ctl('-s', `http://127.0.0.1:${d.port}`, '-u', 'user', '-p', 'wrong', 'status');
    expect(r.stdout).toContain('Server requires authentication');
    expect(r.code).toBe(1);
  });

  it('a stray AUTO log is named like the reference', async () => {
    const info = await d.rpc('supervisor.getProcessInfo', 'cat');
    expect(path.basename(info.stdout_logfile)).toMatch(/^cat-stdout---supervisor-[a-z0-9_]{8}\.log$/);
  });
});

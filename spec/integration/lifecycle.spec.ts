/**
 * The process engine end to end: a real daemon, real children, observed through XML-RPC and the main log.
 * Waits poll with deadlines; nothing sleeps for a fixed time.
 */
import { spawnerKind } from '../../lib/process/spawner';
import { startDaemon, Daemon } from '../helpers/daemon';

jest.setTimeout(60000);

describe('process lifecycle', () => {
  let d: Daemon;
  afterEach(async () => {
    await d?.stop();
  });

  it('autostarts, reaches RUNNING after startsecs, and logs the reference lines', async () => {
    d = await startDaemon({ programs: '[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=1\n' });
    await d.waitForState('sleeper', ['RUNNING'], 10000);
    const info = await d.rpc('supervisor.getProcessInfo', 'sleeper');
    expect(info).toMatchObject({ name: 'sleeper', group: 'sleeper', state: 20, statename: 'RUNNING', exitstatus: 0, spawnerr: '' });
    expect(info.description).toMatch(/^pid \d+, uptime 0:00:0\d$/);
    const log = d.mainLog();
    expect(log).toMatch(/INFO spawned: 'sleeper' with pid \d+/);
    expect(log).toContain('INFO success: sleeper entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)');
  });

  it('retries a program that exits too quickly and gives up into FATAL after startretries', async () => {
    d = await startDaemon({
      programs: '[program:failfast]\ncommand=/bin/sh -c "echo failing; exit 1"\nstartsecs=5\nstartretries=1\n',
    });
    await d.waitForState('failfast', ['FATAL'], 15000);
    const info = await d.rpc('supervisor.getProcessInfo', 'failfast');
    expect(info.spawnerr).toBe('Exited too quickly (process log may have details)');
    expect(info.description).toBe('Exited too quickly (process log may have details)');
    const log = d.mainLog();
    expect(log.match(/WARN exited: failfast \(exit status 1; not expected\)/g)).toHaveLength(2);
    expect(log).toContain('INFO gave up: failfast entered FATAL state, too many start retries too quickly');
  });

  it('escalates to SIGKILL after stopwaitsecs when a program ignores SIGTERM', async () => {
    d = await startDaemon({
      programs: `[program:stubborn]\ncommand=/bin/sh -c "trap '' TERM; echo ready; while :; do sleep 0.1; done"\nstartsecs=1\nstopwaitsecs=1\n`,
    });
    await d.waitForState('stubborn', ['RUNNING'], 10000);
    expect(await d.rpc('supervisor.stopProcess', 'stubborn')).toBe(true);
    const info = await d.rpc('supervisor.getProcessInfo', 'stubborn');
    expect(info.statename).toBe('STOPPED');
    expect(info.exitstatus).toBe(-1);
    const log = d.mainLog();
    expect(log).toMatch(/WARN killing 'stubborn' \(\d+\) with SIGKILL/);
    expect(log).toContain('WARN stopped: stubborn (terminated by SIGKILL)');
  });

  it('restarts an autorestart program killed with SIGKILL, with a new pid', async () => {
    d = await startDaemon({ programs: '[program:victim]\ncommand=/bin/sleep 1000\nstartsecs=1\nautorestart=true\n' });
    await d.waitForState('victim', ['RUNNING'], 10000);
    const before = await d.rpc('supervisor.getProcessInfo', 'victim');
    process.kill(before.pid, 'SIGKILL');
    await d.waitFor(async () => {
      const now = await d.rpc('supervisor.getProcessInfo', 'victim');
      return now.pid !== 0 && now.pid !== before.pid;
    }, 10000);
    expect(d.mainLog()).toContain('WARN exited: victim (terminated by SIGKILL; not expected)');
  });

  it('classifies expected and unexpected exit codes', async () => {
    d = await startDaemon({
      programs:
        '[program:good]\ncommand=/bin/sh -c "sleep 0.2; exit 3"\nstartsecs=0\nexitcodes=3\nautorestart=unexpected\n' +
        '[program:bad]\ncommand=/bin/sh -c "sleep 0.2; exit 4"\nstartsecs=0\nexitcodes=0\nautorestart=false\n',
    });
    await d.waitForState('good', ['EXITED'], 10000);
    await d.waitForState('bad', ['EXITED'], 10000);
    expect(await d.rpc('supervisor.getProcessInfo', 'good')).toMatchObject({ exitstatus: 3, spawnerr: '' });
    expect(await d.rpc('supervisor.getProcessInfo', 'bad')).toMatchObject({ exitstatus: 4, spawnerr: 'Bad exit code 4' });
    const log = d.mainLog();
    expect(log).toContain('INFO exited: good (exit status 3; expected)');
    expect(log).toContain('WARN exited: bad (exit status 4; not expected)');
  });

  it('gives children the SUPERVISOR_* variables and the configured environment, directory and umask', async () => {
    d = await startDaemon({
      supervisord: { environment: 'GLOBAL_X="from supervisord",SHARED=global' },
      programs:
        '[program:envdump]\ncommand=/bin/sh -c "env; pwd; umask"\nstartsecs=0\nautorestart=false\n' +
        'environment=SHARED="from program",OWN=yes\ndirectory=/tmp\numask=027\n',
    });
    await d.waitForState('envdump', ['EXITED'], 10000);
    const out: string = await d.rpc('supervisor.readProcessStdoutLog', 'envdump', 0, 0);
    expect(out).toContain('SUPERVISOR_ENABLED=1');
    expect(out).toContain('SUPERVISOR_PROCESS_NAME=envdump');
    expect(out).toContain('SUPERVISOR_GROUP_NAME=envdump');
    expect(out).toMatch(/SUPERVISOR_SERVER_URL=unix:\/\/.*s\.sock/);
    expect(out).toContain('GLOBAL_X=from supervisord');
    expect(out).toContain('SHARED=from program');
    expect(out).toContain('OWN=yes');
    expect(out).toMatch(/^\/tmp$/m);
    expect(out).toMatch(/^0027$/m);
  });

  it('merges stderr into the stdout log in order with redirect_stderr', async () => {
    d = await startDaemon({
      programs: '[program:mixed]\ncommand=/bin/sh -c "echo one; echo two >&2; echo three"\nstartsecs=0\nautorestart=false\nredirect_stderr=true\n',
    });
    await d.waitForState('mixed', ['EXITED'], 10000);
    expect(await d.rpc('supervisor.readProcessStdoutLog', 'mixed', 0, 0)).toBe('one\ntwo\nthree\n');
    expect((await d.rpc('supervisor.getProcessInfo', 'mixed')).stderr_logfile).toBe('');
  });

  // The reference's forked child writes this to its fd 2, which is the stdout pipe with redirect_stderr.
  it.each([
    ['stderr', ''],
    ['stdout (redirect_stderr)', 'redirect_stderr=true\n'],
  ])('reports a missing directory like the reference child does, in the %s log', async (_, extra) => {
    d = await startDaemon({
      programs: `[program:nodir]\ncommand=/bin/true\ndirectory=/nonexistent/dir\nstartretries=0\n${extra}`,
    });
    await d.waitForState('nodir', ['FATAL'], 10000);
    const method = extra ? 'supervisor.readProcessStdoutLog' : 'supervisor.readProcessStderrLog';
    const text: string = await d.rpc(method, 'nodir', 0, 0);
    expect(text).toBe("supervisor: couldn't chdir to /nonexistent/dir: ENOENT\nsupervisor: child process was not spawned\n");
  });

  it('reports a program it cannot exec (no #! line) like the reference: started, then exit 127 with the reason', async () => {
    d = await startDaemon({
      files: { 'no-shebang': 'echo ran through a shell\n' },
      programs: '[program:nx]\ncommand=@TMP@/no-shebang\nstartsecs=0\nstartretries=0\nautorestart=false\n',
    });
    await d.waitForState('nx', ['EXITED'], 10000);
    const info = await d.rpc('supervisor.getProcessInfo', 'nx');
    if (spawnerKind === 'native') {
      expect(info.exitstatus).toBe(127);
      expect(await d.rpc('supervisor.readProcessStderrLog', 'nx', 0, 0)).toBe(
        `supervisor: couldn't exec ${d.dir}/no-shebang: ENOEXEC\nsupervisor: child process was not spawned\n`,
      );
      expect(d.mainLog()).toContain('WARN exited: nx (exit status 127; not expected)');
    } else {
      // Node's child_process execs with execvp, which hands such a file to /bin/sh (a known difference)
      expect(info.exitstatus).toBe(0);
    }
  });

  it('paces a program that dies at once instead of spinning', async () => {
    d = await startDaemon({ programs: '[program:spinner]\ncommand=/bin/false\nstartsecs=0\nautorestart=true\n' });
    await d.waitForMainLog(/spawned: 'spinner'[\s\S]*spawned: 'spinner'[\s\S]*spawned: 'spinner'/, 10000);
    const stamps = [...d.mainLog().matchAll(/^(\S+ \S+) INFO spawned: 'spinner'/gm)].map((m) => {
      const [date, time] = m[1].split(' ');
      return new Date(`${date}T${time.replace(',', '.')}`).getTime();
    });
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] - stamps[i - 1]).toBeGreaterThanOrEqual(900);
  });

  it('stops programs in reverse priority order on SIGTERM and exits 0', async () => {
    d = await startDaemon({
      programs:
        '[program:first]\ncommand=/bin/sleep 1000\npriority=1\nstartsecs=0\n' +
        '[program:last]\ncommand=/bin/sleep 1001\npriority=100\nstartsecs=0\n',
    });
    await d.waitForState('first', ['RUNNING'], 10000);
    await d.waitForState('last', ['RUNNING'], 10000);
    const code = await d.signalAndWaitExit('SIGTERM', 20000);
    expect(code).toBe(0);
    const log = d.mainLog();
    expect(log).toContain('WARN received SIGTERM indicating exit request');
    expect(log.indexOf('stopped: last')).toBeGreaterThan(0);
    expect(log.indexOf('stopped: last')).toBeLessThan(log.indexOf('stopped: first'));
  });

  it('stops groups of one priority together on shutdown, and lower priorities only after them', async () => {
    // Each of a and b exits on SIGTERM only once the other has been sent SIGTERM too: stopped one at a time (as
    // the reference does) the first would wait out stopwaitsecs and be killed.
    const waiter = (me: string, other: string) =>
      `command=/bin/sh -c "trap 'touch @TMP@/${me}; while [ ! -f @TMP@/${other} ]; do sleep 0.05; done; exit 0' TERM; while :; do sleep 0.1; done"\n` +
      'priority=50\nstartsecs=0\nstopwaitsecs=60\n';
    d = await startDaemon({
      programs:
        `[program:a]\n${waiter('a-term', 'b-term')}` +
        `[program:b]\n${waiter('b-term', 'a-term')}` +
        '[program:first]\ncommand=/bin/sleep 1000\npriority=1\nstartsecs=0\n',
    });
    for (const name of ['a', 'b', 'first']) await d.waitForState(name, ['RUNNING'], 10000);
    expect(await d.signalAndWaitExit('SIGTERM', 30000)).toBe(0);
    const log = d.mainLog();
    expect(log).toContain('stopped: a (exit status 0)');
    expect(log).toContain('stopped: b (exit status 0)');
    expect(log.indexOf('stopped: first')).toBeGreaterThan(Math.max(log.indexOf('stopped: a'), log.indexOf('stopped: b')));
  });
});

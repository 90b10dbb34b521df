/** Smoke tests of the test harness itself against the daemon. */
import * as path from 'node:path';
import { REPO, RpcFaultError, runDaemonExpectingFailure, startDaemon } from './helpers/daemon';

const PROGS = path.join(REPO, 'fixtures', 'progs');

describe('the test harness', () => {
  it('starts a daemon that the real supervisorctl and XML-RPC can talk to', async () => {
    const d = await startDaemon({ programs: '[program:sleep]\ncommand=/bin/sleep 1000\nstartsecs=0\n' });
    try {
      await d.waitForState('sleep', ['RUNNING']);
      expect((await d.ctl('status')).stdout).toMatch(/^sleep\s+RUNNING\s+pid \d+/);
      expect(await d.rpc('supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
      expect((await d.pyrpc('s.supervisor.getState()')).trim()).toBe("{'statecode': 1, 'statename': 'RUNNING'}");
      await expect(d.rpc('supervisor.getProcessInfo', 'nosuch')).rejects.toEqual(new RpcFaultError(10, 'BAD_NAME: nosuch'));
      await expect(d.rpc('supervisor.getProcessInfo', 'nosuch')).rejects.toMatchObject({ faultCode: 10 });
      await d.waitForMainLog(/success: sleep entered RUNNING state/);
    } finally {
      await d.stop();
    }
    expect(d.alive).toBe(false);
  });

  it('talks TCP with basic auth when there is no Unix socket', async () => {
    const d = await startDaemon({ unix: false, inet: true, auth: true, programs: `[program:hello]\ncommand=${PROGS}/print-and-sleep.sh hi there\n` });
    try {
      await d.waitForState('hello', ['RUNNING']);
      expect(await d.rpcTcp('supervisor.readProcessStdoutLog', 'hello', 0, 0)).toBe('hi there\n');
      expect((await d.ctl('status', 'hello')).stdout).toMatch(/^hello\s+RUNNING/);
      expect((await d.pyrpc('print(s.supervisor.getProcessInfo("hello")["statename"])')).trim()).toBe('RUNNING');
    } finally {
      await d.stop();
    }
  });

  it('reports a refused config with its exit status and stderr', async () => {
    const r = await runDaemonExpectingFailure('[supervisord]\nlogfile=@TMP@/l\npidfile=@TMP@/p\n[program:x]\nautostart=maybe\ncommand=/bin/true\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: not a valid boolean value: 'maybe'/);
  });
});

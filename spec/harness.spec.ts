/** Smoke test of the harness itself against the daemon. */
import { startDaemon } from './helpers/daemon';

it('starts a daemon that the real supervisorctl and XML-RPC can talk to', async () => {
  const d = await startDaemon({ programs: '[program:sleep]\ncommand=/bin/sleep 1000\nstartsecs=0\n' });
  try {
    await d.waitForState('sleep', ['RUNNING']);
    expect((await d.ctl('status')).stdout).toMatch(/^sleep\s+RUNNING\s+pid \d+/);
    expect(await d.rpc('supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
  } finally {
    await d.stop();
  }
});

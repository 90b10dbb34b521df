import * as fs from 'node:fs';
import { spawnerKind } from '../../lib/process/spawner';
import { Daemon, startDaemon } from '../helpers/daemon';

/** What the daemon does when it runs out of file descriptors while starting programs. */
describe('resource limits', () => {
  let d: Daemon | undefined;
  afterEach(async () => {
    await d?.stop();
    d = undefined;
  });

  /** The daemon's pipes and child log files (not sockets: RPC connections come and go with the test's calls). */
  const openFds = (pid: number) =>
    fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith('pipe:') || target.includes('/logs/');
      } catch {
        return false; // closed meanwhile
      }
    }).length;

  it('reports spawn failures for lack of fds like the reference, survives them, and leaks no fd', async () => {
    const programs = Array.from({ length: 30 }, (_, i) => `[program:p${i}]\ncommand=/bin/sleep 1000\nstartsecs=0\nstartretries=0\nautostart=false\n`).join('');
    // Each running program holds 5 fds in the daemon (3 pipes, 2 log files); 80 is not enough for 30.
    d = await startDaemon({ programs, supervisord: { minfds: '16' }, launcher: ['prlimit', '--nofile=80:80'] });
    const baseline = openFds(d.pid);

    type Info = { name: string; statename: string; spawnerr: string };
    await d.rpc('supervisor.startAllProcesses', false);
    let infos: Info[] = [];
    await d.waitFor(async () => {
      infos = await d!.rpc('supervisor.getAllProcessInfo');
      return infos.every((i) => i.statename === 'RUNNING' || i.statename === 'FATAL');
    }, 15000, 'every program RUNNING or FATAL');
    const fatal = infos.filter((i) => i.statename === 'FATAL');
    expect(fatal.length).toBeGreaterThan(0);
    expect(infos.filter((i) => i.statename === 'RUNNING').length).toBeGreaterThan(0);
    // Node's child_process reports this failure only asynchronously, so the fallback cannot name it.
    const reason = spawnerKind === 'native' ? `too many open files to spawn '${fatal[0].name}'` : `unknown error during fork for '${fatal[0].name}': ENOENT`;
    expect(fatal[0].spawnerr).toBe(reason);
    expect(d.mainLog()).toContain(`INFO spawnerr: ${reason}`);
    expect((await d.rpc('supervisor.getState')).statename).toBe('RUNNING');

    // Everything the failed and the successful starts opened is closed again once all are stopped. (Node's
    // child_process, the fallback, leaves a few socketpair ends behind when it fails with EMFILE: a few fds per
    // burst of failures, which is why CI runs the native spawner.)
    await d.rpc('supervisor.stopAllProcesses');
    if (spawnerKind === 'native') {
      await d.waitFor(async () => openFds(d!.pid) === baseline, 5000, `the daemon back to ${baseline} pipes and log files`);
    }
  });
});

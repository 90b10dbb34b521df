/** Event listeners as users write them (supervisor.childutils), under a real tsupervisord. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, startDaemon, Daemon } from '../helpers/daemon';

jest.setTimeout(60000);

const LISTENER = path.join(REPO, 'fixtures', 'events', 'childutils_listener.py');

describe('event listener pools', () => {
  let d: Daemon;
  afterEach(async () => {
    await d?.stop();
  });

  it('delivers PROCESS_STATE_EXITED with its payload; the listener calls back over SUPERVISOR_SERVER_URL', async () => {
    d = await startDaemon({
      programs:
        `[eventlistener:watch]\ncommand=/usr/bin/python3 ${LISTENER} @TMP@/events.txt\nevents=PROCESS_STATE_EXITED,REMOTE_COMMUNICATION\n` +
        '[program:short]\ncommand=/bin/sh -c "sleep 0.3; exit 3"\nstartsecs=0\nautorestart=false\n',
    });
    const out = path.join(d.dir, 'events.txt');
    await d.waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('PROCESS_STATE_EXITED'), 15000);
    expect(fs.readFileSync(out, 'utf8')).toMatch(
      /^PROCESS_STATE_EXITED processname:short groupname:short from_state:RUNNING expected:0 pid:\d+ state=RUNNING$/m,
    );
  });

  it('redelivers a rejected event and delivers REMOTE_COMMUNICATION from sendRemoteCommEvent', async () => {
    d = await startDaemon({
      programs: `[eventlistener:watch]\ncommand=/usr/bin/python3 ${LISTENER} @TMP@/events.txt\nevents=REMOTE_COMMUNICATION\n`,
    });
    await d.waitForState('watch', ['RUNNING'], 15000);
    expect(await d.rpc('supervisor.sendRemoteCommEvent', 'note', 'REJECT-ONCE')).toBe(true);
    const out = path.join(d.dir, 'events.txt');
    await d.waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).length >= 2, 15000);
    expect(fs.readFileSync(out, 'utf8')).toBe('REMOTE_COMMUNICATION type:note|REJECT-ONCE\nREMOTE_COMMUNICATION type:note|REJECT-ONCE\n');
  });

  it('emits TICK_5 on time', async () => {
    d = await startDaemon({
      programs: `[eventlistener:ticker]\ncommand=/usr/bin/python3 ${LISTENER} @TMP@/ticks.txt\nevents=TICK_5\n`,
    });
    const out = path.join(d.dir, 'ticks.txt');
    await d.waitFor(() => fs.existsSync(out) && /TICK_5 when:\d+/.test(fs.readFileSync(out, 'utf8')), 20000);
    const when = Number(/when:(\d+)/.exec(fs.readFileSync(out, 'utf8'))![1]);
    expect(when % 5).toBe(0);
  });

  it('shows listener pools as process groups', async () => {
    d = await startDaemon({
      programs: `[eventlistener:pool]\ncommand=/usr/bin/python3 ${LISTENER} @TMP@/p_%(process_num)d.txt\nprocess_name=%(program_name)s_%(process_num)d\nnumprocs=3\nevents=TICK_60\n`,
    });
    await d.waitForState('pool:pool_2', ['RUNNING'], 15000);
    const names = (await d.rpc('supervisor.getAllProcessInfo')).map((p: { group: string; name: string }) => `${p.group}:${p.name}`);
    expect(names).toEqual(['pool:pool_0', 'pool:pool_1', 'pool:pool_2']);
  });

  it('puts a real listener that writes garbage into UNKNOWN and keeps running', async () => {
    d = await startDaemon({
      programs: '[eventlistener:bad]\ncommand=/bin/sh -c "echo garbage-not-ready; sleep 1000"\nevents=REMOTE_COMMUNICATION\nstartsecs=0\n',
    });
    await d.waitForMainLog(/WARN bad: has entered the UNKNOWN state and will no longer receive events/, 10000);
    expect(await d.rpc('supervisor.sendRemoteCommEvent', 't', 'x')).toBe(true);
    expect((await d.rpc('supervisor.getProcessInfo', 'bad')).statename).toBe('RUNNING');
  });

  it('discards the oldest event when a real pool buffer overflows', async () => {
    d = await startDaemon({
      programs: '[eventlistener:slow]\ncommand=/bin/sleep 1000\nevents=REMOTE_COMMUNICATION\nbuffer_size=2\nstartsecs=0\n',
    });
    await d.waitForState('slow', ['RUNNING']);
    for (let i = 0; i < 3; i++) await d.rpc('supervisor.sendRemoteCommEvent', 't', String(i));
    await d.waitForMainLog(/ERRO pool slow event buffer overflowed, discarding event 0/, 10000);
  });
});

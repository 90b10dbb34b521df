import { EventBus } from '../../lib/events/bus';
import { processGroupEvent, processStateEvent, remoteCommEvent, tickEvent } from '../../lib/events/event';
import { EventListenerPool } from '../../lib/events/pool';
import { SerialCounter } from '../../lib/events/serial';
import { TickTimer } from '../../lib/events/ticks';
import { eventMatches } from '../../lib/events/types';
import { ListenerState } from '../../lib/process/states';

function fakeLog() {
  const lines: string[] = [];
  return {
    lines,
    debug: (m: string) => lines.push(`DEBG ${m}`),
    warn: (m: string) => lines.push(`WARN ${m}`),
    error: (m: string) => lines.push(`ERRO ${m}`),
    isEnabled: () => true,
  };
}

function setup(events: string[], bufferSize = 10, listeners = ['l0']) {
  const bus = new EventBus();
  const log = fakeLog();
  const pool = new EventListenerPool({ name: 'pool', events, bufferSize, identifier: () => 'supervisor', serial: new SerialCounter(), log });
  pool.attach(bus);
  const sent: Record<string, string[]> = {};
  for (const name of listeners) {
    sent[name] = [];
    pool.addListener({ name, isRunning: () => true, write: (d) => (sent[name].push(d.toString()), true) });
    pool.listenerStarted(name);
  }
  return { bus, log, pool, sent };
}

describe('event types and payloads', () => {
  it('matches subtypes and the EVENT catch-all', () => {
    expect(eventMatches('PROCESS_STATE_RUNNING', 'PROCESS_STATE')).toBe(true);
    expect(eventMatches('TICK_5', 'EVENT')).toBe(true);
    expect(eventMatches('TICK_5', 'PROCESS_STATE')).toBe(false);
  });

  it('formats payloads per events.md', () => {
    const info = { processName: 'p', groupName: 'g', fromState: 'STARTING', pid: 42, tries: 1, expected: true };
    expect(processStateEvent('PROCESS_STATE_RUNNING', info).payload()).toBe('processname:p groupname:g from_state:STARTING pid:42');
    expect(processStateEvent('PROCESS_STATE_BACKOFF', info).payload()).toBe('processname:p groupname:g from_state:STARTING tries:1');
    expect(processStateEvent('PROCESS_STATE_EXITED', info).payload()).toBe('processname:p groupname:g from_state:STARTING expected:1 pid:42');
    expect(processStateEvent('PROCESS_STATE_FATAL', info).payload()).toBe('processname:p groupname:g from_state:STARTING');
    expect(processGroupEvent('ADDED', 'g').payload()).toBe('groupname:g\n');
    expect(tickEvent(5, 1795562095).payload()).toBe('when:1795562095');
  });
});

describe('listener pool protocol', () => {
  it('sends the envelope once the listener is READY, with len in code points', () => {
    const { bus, pool, sent } = setup(['REMOTE_COMMUNICATION']);
    bus.publish(remoteCommEvent('t', 'café'));
    expect(sent.l0).toEqual([]);
    expect(pool.bufferLength).toBe(1);
    pool.listenerOutput('l0', Buffer.from('READY\n'));
    expect(sent.l0).toEqual(['ver:3.0 server:supervisor serial:0 pool:pool poolserial:0 eventname:REMOTE_COMMUNICATION len:11\ntype:t\ncafé']);
    expect(pool.listenerState('l0')).toBe(ListenerState.BUSY);
  });

  it('parses RESULT and READY in one chunk and redelivers a FAIL first', () => {
    const { bus, pool, sent, log } = setup(['REMOTE_COMMUNICATION']);
    pool.listenerOutput('l0', Buffer.from('READY\n'));
    bus.publish(remoteCommEvent('a', '1'));
    bus.publish(remoteCommEvent('b', '2'));
    pool.listenerOutput('l0', Buffer.from('RESULT 4\nFAILREADY\n'));
    expect(sent.l0.map((s) => s.split('\n')[1])).toEqual(['type:a', 'type:a']);
    pool.listenerOutput('l0', Buffer.from('RESULT 2\nOKREADY\n'));
    expect(sent.l0.map((s) => s.split('\n')[1])).toEqual(['type:a', 'type:a', 'type:b']);
    expect(log.lines).toContain('WARN l0: event was rejected');
    expect(log.lines).toContain('DEBG l0: event was processed');
    expect(log.lines).toContain('DEBG l0: BUSY -> ACKNOWLEDGED');
  });

  it('keeps a partial message across reads although the read buffer is reused', () => {
    const { bus, pool, sent } = setup(['REMOTE_COMMUNICATION']);
    pool.listenerOutput('l0', Buffer.from('READY\n'));
    bus.publish(remoteCommEvent('a', '1'));
    bus.publish(remoteCommEvent('b', '2'));
    const reused = Buffer.alloc(16);
    for (const text of ['RESULT 2\nO', 'KREA', 'DY\n']) {
      const n = reused.write(text);
      pool.listenerOutput('l0', reused.subarray(0, n));
      reused.fill(0x2a);
    }
    expect(sent.l0.map((s) => s.split('\n')[1])).toEqual(['type:a', 'type:b']);
  });

  it('gives an event one global serial in every pool, and each pool its own pool serials', () => {
    const bus = new EventBus();
    const serial = new SerialCounter();
    const sent: Record<string, string[]> = { a: [], b: [] };
    const pools: Record<string, EventListenerPool> = {};
    for (const [name, events] of [['a', ['EVENT']], ['b', ['REMOTE_COMMUNICATION']]] as const) {
      const pool = new EventListenerPool({ name, events: [...events], bufferSize: 10, identifier: () => 's', serial, log: fakeLog() });
      pool.attach(bus);
      pool.addListener({ name, isRunning: () => true, write: (d) => (sent[name].push(d.toString()), true) });
      pool.listenerStarted(name);
      pool.listenerOutput(name, Buffer.from('READY\n'));
      pools[name] = pool;
    }
    const ackAll = () => {
      for (const name of ['a', 'b']) if (pools[name].listenerState(name) === ListenerState.BUSY) pools[name].listenerOutput(name, Buffer.from('RESULT 2\nOKREADY\n'));
    };
    bus.publish(remoteCommEvent('t', '1'));
    ackAll();
    bus.publish(tickEvent(5, 1000)); // only pool a takes it
    ackAll();
    bus.publish(remoteCommEvent('t', '2'));
    const header = (s: string) => s.split('\n')[0].split(' ').filter((f) => /^(serial|poolserial):/.test(f)).join(' ');
    expect(sent.a.map(header)).toEqual(['serial:0 poolserial:0', 'serial:1 poolserial:1', 'serial:2 poolserial:2']);
    expect(sent.b.map(header)).toEqual(['serial:0 poolserial:0', 'serial:2 poolserial:1']);
  });

  it('puts a listener that writes garbage into UNKNOWN', () => {
    const { pool, log } = setup(['EVENT']);
    pool.listenerOutput('l0', Buffer.from('garbage\n'));
    expect(pool.listenerState('l0')).toBe(ListenerState.UNKNOWN);
    expect(log.lines).toContain('DEBG l0: ACKNOWLEDGED -> UNKNOWN');
    expect(log.lines.some((l) => l.startsWith('WARN l0: has entered the UNKNOWN state'))).toBe(true);
  });

  it('discards the oldest event when the buffer overflows', () => {
    const { bus, pool, log } = setup(['REMOTE_COMMUNICATION'], 2);
    for (let i = 0; i < 3; i++) bus.publish(remoteCommEvent('t', String(i)));
    expect(pool.bufferLength).toBe(2);
    expect(log.lines).toContain('ERRO pool pool event buffer overflowed, discarding event 0');
  });

  it('spreads events over a pool of 3 and requeues the in-flight event of a listener that dies', () => {
    const { bus, pool, sent } = setup(['REMOTE_COMMUNICATION'], 10, ['a', 'b', 'c']);
    for (const n of ['a', 'b', 'c']) pool.listenerOutput(n, Buffer.from('READY\n'));
    for (let i = 0; i < 3; i++) bus.publish(remoteCommEvent('t', String(i)));
    expect([sent.a.length, sent.b.length, sent.c.length]).toEqual([1, 1, 1]);
    pool.listenerExited('b');
    expect(pool.bufferLength).toBe(1);
  });
});

describe('TickTimer', () => {
  it('emits TICK_5 on boundaries from an injected clock, never for the first slot', () => {
    let now = 1_000_002_000; // ms
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe((e) => seen.push(`${e.type} ${e.payload()}`));
    const ticks = new TickTimer(bus, () => now);
    ticks.start();
    ticks.fire();
    expect(seen).toEqual([]);
    now += 5000;
    ticks.fire();
    ticks.stop();
    expect(seen).toEqual(['TICK_5 when:1000005']);
  });
});

import { PacingClock, ReadPacer } from '../../lib/process/read-pacing';

/** A clock the test moves by hand; "turn ends" run the scheduled after-turn work. */
function fakeClock() {
  let now = 1000;
  const pending: (() => void)[] = [];
  const sleeps: number[] = [];
  const clock: PacingClock = {
    now: () => now,
    afterTurn: (fn) => pending.push(fn),
    sleepMicros: (us) => sleeps.push(us),
  };
  return {
    clock,
    sleeps,
    advanceMs: (ms: number) => (now += ms),
    endTurn: () => pending.splice(0).forEach((fn) => fn()),
  };
}

describe('ReadPacer', () => {
  it('pauses once after a turn in which a streaming pipe gave a small read', () => {
    const t = fakeClock();
    const pacer = new ReadPacer(t.clock);
    const pipe = pacer.pipe();
    pacer.noteRead(pipe, 900); // first read: not known to be streaming yet
    t.endTurn();
    expect(t.sleeps).toEqual([]);
    t.advanceMs(0.01);
    pacer.noteRead(pipe, 900);
    t.endTurn();
    expect(t.sleeps).toHaveLength(1);
    expect(t.sleeps[0]).toBeGreaterThan(0);
    expect(t.sleeps[0]).toBeLessThanOrEqual(1000); // short: a fast writer must not fill the pipe meanwhile
  });

  it('never pauses for reads that fill the buffer or for a pipe read rarely', () => {
    const t = fakeClock();
    const pacer = new ReadPacer(t.clock);
    const bulk = pacer.pipe();
    const chatty = pacer.pipe();
    for (let i = 0; i < 5; i++) {
      pacer.noteRead(bulk, 65536);
      t.advanceMs(0.01);
      t.endTurn();
    }
    for (let i = 0; i < 5; i++) {
      t.advanceMs(50); // an interactive program: a line now and then
      pacer.noteRead(chatty, 40);
      t.endTurn();
    }
    expect(t.sleeps).toEqual([]);
  });

  it('pauses at most once per turn however many pipes stream', () => {
    const t = fakeClock();
    const pacer = new ReadPacer(t.clock);
    const pipes = [pacer.pipe(), pacer.pipe(), pacer.pipe()];
    for (const p of pipes) pacer.noteRead(p, 100);
    t.endTurn();
    t.advanceMs(0.01);
    for (const p of pipes) pacer.noteRead(p, 100);
    t.endTurn();
    expect(t.sleeps).toHaveLength(1);
  });
});

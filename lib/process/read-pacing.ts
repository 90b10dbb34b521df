/**
 * Read pacing for children that stream output in small writes (a `print` per line in a loop, `dd bs=100`).
 *
 * Such a writer is faster than one turn of our loop but each turn finds only ~1 KiB in the pipe, so the daemon
 * spends a read, a log write and a poll per KiB and keeps a core busy doing it (`dd bs=100`: 9 ms of CPU per
 * MiB, the reference 7–8). When a pipe is read again within STREAMING_MS of its previous read and the read was
 * small, the loop sleeps PAUSE_US once, after this turn's callbacks, before polling again: the next read then
 * collects that much more output (3–4 ms of CPU per MiB). Reads that fill the buffer (bulk output) never pause,
 * the pause is short enough that a fast writer cannot fill a pipe (64 KiB) meanwhile, and there is at most one
 * pause per turn however many pipes stream: while output streams, an RPC answer may wait about 0.15 ms longer
 * (the pause plus the kernel's timer slack).
 */
const STREAMING_MS = 0.5;
const SMALL_READ = 4 * 1024;
const PAUSE_US = 100;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

export interface PacingClock {
  now(): number;
  /** Runs `fn` after this turn's I/O callbacks (setImmediate). */
  afterTurn(fn: () => void): void;
  sleepMicros(us: number): void;
}

const realClock: PacingClock = {
  now: () => performance.now(),
  afterTurn: (fn) => setImmediate(fn),
  // A futex wait with a timeout: the thread sleeps, it does not spin.
  sleepMicros: (us) => void Atomics.wait(sleepCell, 0, 0, us / 1000),
};

export class ReadPacer {
  private pauseScheduled = false;

  constructor(private readonly clock: PacingClock = realClock) {}

  /** Per-pipe state: when it was last read. */
  pipe(): { lastRead: number } {
    return { lastRead: -Infinity };
  }

  /** Called after each read of `n` bytes from `pipe`. */
  noteRead(pipe: { lastRead: number }, n: number): void {
    const now = this.clock.now();
    const streaming = now - pipe.lastRead < STREAMING_MS;
    pipe.lastRead = now;
    if (!streaming || n >= SMALL_READ || this.pauseScheduled) return;
    this.pauseScheduled = true;
    this.clock.afterTurn(() => {
      this.pauseScheduled = false;
      this.clock.sleepMicros(PAUSE_US);
    });
  }
}

/** The daemon's one pacer: pauses are per loop turn, shared by every pipe. */
export const readPacer = new ReadPacer();

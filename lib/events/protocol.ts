/**
 * The listener side of the event protocol, parsed from the listener's stdout (events.md §5.2):
 * ACKNOWLEDGED --READY\n--> READY --(pool sends)--> BUSY --RESULT n\n<body>--> ACKNOWLEDGED; violations → UNKNOWN.
 */
import { ListenerState } from '../process/states';
import { LEVELS } from '../logging/levels';
import { decodeForDisplay } from '../logging/text';

const READY_TOKEN = Buffer.from('READY\n');
const RESULT_PREFIX_LENGTH = 'RESULT '.length;
const OK = Buffer.from('OK');
const EMPTY = Buffer.alloc(0);

interface ProtocolLog {
  debug(message: string): void;
  warn(message: string): void;
  isEnabled(level: number): boolean;
}

/** Called when a result is complete: ok=true processed, ok=false rejected (the pool requeues it). */
export type ResultCallback = (ok: boolean) => void;

export class ListenerProtocol {
  state = ListenerState.ACKNOWLEDGED;
  private buffer: Buffer = EMPTY;
  private resultLength: number | null = null;
  private result: Buffer = EMPTY;

  constructor(
    private readonly name: string,
    private readonly log: ProtocolLog,
  ) {}

  /** A fresh process starts over in ACKNOWLEDGED, waiting for READY. */
  reset(): void {
    this.state = ListenerState.ACKNOWLEDGED;
    this.buffer = EMPTY;
    this.resultLength = null;
    this.result = EMPTY;
  }

  private change(to: ListenerState): void {
    // Three changes per event: build the debug line only when it will be written.
    if (this.log.isEnabled(LEVELS.DEBG)) this.log.debug(`${this.name}: ${ListenerState[this.state]} -> ${ListenerState[to]}`);
    this.state = to;
    if (to === ListenerState.UNKNOWN) {
      this.log.warn(
        `${this.name}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol`,
      );
    }
  }

  /** `chunk` is valid only during the call: an unparsed rest is copied. */
  feed(chunk: Buffer, onResult: ResultCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    // Keep parsing while a complete step is buffered (`RESULT 2\nOKREADY\n` may come in one chunk).
    while (this.buffer.length > 0 && this.step(onResult));
    if (this.buffer.length > 0 && this.buffer.buffer === chunk.buffer) this.buffer = Buffer.from(this.buffer);
  }

  /** One parsing step; returns true when it consumed something and more may follow. */
  private step(onResult: ResultCallback): boolean {
    switch (this.state) {
      case ListenerState.UNKNOWN:
        this.buffer = EMPTY;
        return false;
      case ListenerState.ACKNOWLEDGED:
        if (this.buffer.length < READY_TOKEN.length) return false;
        if (this.buffer.subarray(0, READY_TOKEN.length).equals(READY_TOKEN)) {
          this.change(ListenerState.READY);
          this.buffer = this.buffer.subarray(READY_TOKEN.length);
          return true;
        }
        this.change(ListenerState.UNKNOWN);
        this.buffer = EMPTY;
        return false;
      case ListenerState.READY:
        this.change(ListenerState.UNKNOWN);
        this.buffer = EMPTY;
        return false;
      case ListenerState.BUSY:
        return this.busyStep(onResult);
    }
  }

  private busyStep(onResult: ResultCallback): boolean {
    if (this.resultLength === null) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return false;
      const line = this.buffer.subarray(0, newline);
      this.buffer = this.buffer.subarray(newline + 1);
      const lengthText = line.subarray(RESULT_PREFIX_LENGTH).toString('latin1').trim();
      if (!/^[+-]?\d+$/.test(lengthText)) {
        this.log.warn(`${this.name}: bad result line: '${decodeForDisplay(line)}'`);
        this.change(ListenerState.UNKNOWN);
        this.buffer = EMPTY;
        onResult(false);
        return false;
      }
      this.resultLength = parseInt(lengthText, 10);
      return true;
    }
    const needed = this.resultLength - this.result.length;
    if (needed > 0) {
      // Usually the whole body is in this chunk: a view is enough, it is compared below and dropped (a partial
      // body is a copy, so it outlives the chunk).
      this.result = this.result.length === 0 && this.buffer.length >= needed
        ? this.buffer.subarray(0, needed)
        : Buffer.concat([this.result, this.buffer.subarray(0, needed)]);
      this.buffer = this.buffer.subarray(needed);
    }
    if (this.result.length < this.resultLength) return false;
    const ok = this.result.equals(OK);
    this.result = EMPTY;
    this.resultLength = null;
    if (!ok) this.log.warn(`${this.name}: event was rejected`);
    else if (this.log.isEnabled(LEVELS.DEBG)) this.log.debug(`${this.name}: event was processed`);
    this.change(ListenerState.ACKNOWLEDGED);
    onResult(ok);
    return true;
  }
}

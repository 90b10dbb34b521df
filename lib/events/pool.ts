/**
 * An `[eventlistener:x]` pool: a bounded FIFO of accepted events and the READY/RESULT protocol with each
 * listener process (events.md §3-§5). Dispatch is event-driven: when an event arrives, when a listener says
 * READY, when a listener becomes RUNNING.
 */
import { LEVELS } from '../logging/levels';
import { ListenerState } from '../process/states';
import { EventBus } from './bus';
import { SupervisorEvent } from './event';
import { Deque } from './deque';
import { ListenerHandle } from './listener-handle';
import { ListenerProtocol } from './protocol';
import { SerialCounter } from './serial';
import { eventMatches } from './types';

interface PoolLog {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  isEnabled(level: number): boolean;
}

export interface PoolOptions {
  name: string;
  events: string[];
  bufferSize: number;
  identifier: () => string;
  serial: SerialCounter;
  log: PoolLog;
}

/** An event as buffered by a pool: serials are fixed at first acceptance and kept on redelivery. */
export interface BufferedEvent {
  event: SupervisorEvent;
  serial: number;
  poolSerial: number;
}

interface Listener {
  handle: ListenerHandle;
  protocol: ListenerProtocol;
  inFlight: BufferedEvent | null;
  /** Made once per listener: called for every result, so no closure per output chunk. */
  onResult: (ok: boolean) => void;
}

export class EventListenerPool {
  private readonly buffer = new Deque<BufferedEvent>();
  private readonly listeners: Listener[] = [];
  private poolSerial = -1;
  private delivering = true;

  constructor(private readonly options: PoolOptions) {}

  get name(): string {
    return this.options.name;
  }

  get bufferLength(): number {
    return this.buffer.length;
  }

  attach(bus: EventBus): () => void {
    return bus.subscribe((event) => this.offer(event));
  }

  /** Accept the event once per matching subscription entry (the reference's duplicate-delivery quirk). */
  private offer(event: SupervisorEvent): void {
    let accepted: BufferedEvent | null = null;
    for (const subscribed of this.options.events) {
      if (!eventMatches(event.type, subscribed)) continue;
      if (accepted === null) {
        event.serial ??= this.options.serial.next();
        accepted = { event, serial: event.serial, poolSerial: this.nextPoolSerial() };
        this.enqueue(accepted, false);
      } else {
        this.rebufferNote(accepted);
        this.enqueue(accepted, false);
      }
    }
    if (accepted) this.dispatch();
  }

  private nextPoolSerial(): number {
    this.poolSerial = this.poolSerial >= Number.MAX_SAFE_INTEGER ? 0 : this.poolSerial + 1;
    return this.poolSerial;
  }

  private rebufferNote(item: BufferedEvent): void {
    if (this.options.log.isEnabled(LEVELS.DEBG)) {
      this.options.log.debug(
        `rebuffering event ${item.serial} for pool ${this.name} (buf size=${this.buffer.length}, max=${this.options.bufferSize})`,
      );
    }
  }

  private enqueue(item: BufferedEvent, head: boolean): void {
    if (this.buffer.length >= this.options.bufferSize && this.buffer.length > 0) {
      const dropped = this.buffer.shift()!;
      this.options.log.error(`pool ${this.name} event buffer overflowed, discarding event ${dropped.serial}`);
    }
    if (head) this.buffer.unshift(item);
    else this.buffer.push(item);
  }

  /** Hand buffered events to READY, RUNNING listeners in process order until none is free. */
  private dispatch(): void {
    if (!this.delivering) return;
    while (this.buffer.length > 0) {
      const item = this.buffer.shift()!;
      if (!this.sendToFreeListener(item)) {
        this.rebufferNote(item);
        this.enqueue(item, true);
        return;
      }
    }
  }

  private sendToFreeListener(item: BufferedEvent): boolean {
    for (const listener of this.listeners) {
      if (listener.protocol.state !== ListenerState.READY || !listener.handle.isRunning()) continue;
      let written: boolean;
      try {
        written = listener.handle.write(this.envelope(item));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
        written = false;
      }
      if (!written) {
        this.options.log.debug(
          `epipe occurred while sending event ${item.serial} to listener ${listener.handle.name}, listener state unchanged`,
        );
        continue;
      }
      listener.protocol.state = ListenerState.BUSY;
      listener.inFlight = item;
      if (this.options.log.isEnabled(LEVELS.DEBG)) this.options.log.debug(`event ${item.serial} sent to listener ${listener.handle.name}`);
      return true;
    }
    return false;
  }

  /** `len` counts characters (code points), as the reference's Python `len(str)` does; the bytes are UTF-8. */
  private envelope(item: BufferedEvent): Buffer {
    const payload = item.event.payload();
    let length = payload.length;
    for (let i = 0; i < payload.length; i++) {
      const c = payload.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) length--; // a surrogate pair is one code point
    }
    return Buffer.from(
      `ver:3.0 server:${this.options.identifier()} serial:${item.serial} pool:${this.name} ` +
        `poolserial:${item.poolSerial} eventname:${item.event.type} len:${length}\n${payload}`,
      'utf8',
    );
  }

  // ---------------------------------------------------------------- listener processes

  addListener(handle: ListenerHandle): void {
    const listener: Listener = {
      handle,
      protocol: new ListenerProtocol(handle.name, this.options.log),
      inFlight: null,
      onResult: (ok) => {
        const item = listener.inFlight;
        listener.inFlight = null;
        if (!ok && item) {
          this.rebufferNote(item);
          this.enqueue(item, true);
        }
      },
    };
    this.listeners.push(listener);
  }

  removeListener(name: string): void {
    const i = this.listeners.findIndex((l) => l.handle.name === name);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  private find(name: string): Listener | undefined {
    return this.listeners.find((l) => l.handle.name === name);
  }

  listenerStarted(name: string): void {
    const listener = this.find(name);
    if (listener) listener.protocol.reset();
  }

  listenerExited(name: string): void {
    const listener = this.find(name);
    if (!listener || !listener.inFlight) return;
    const item = listener.inFlight;
    listener.inFlight = null;
    this.rebufferNote(item);
    this.enqueue(item, true);
  }

  listenerStateChanged(name: string): void {
    if (this.find(name)) this.dispatch();
  }

  listenerOutput(name: string, chunk: Buffer): void {
    const listener = this.find(name);
    if (!listener) return;
    listener.protocol.feed(chunk, listener.onResult);
    if (listener.protocol.state === ListenerState.READY) this.dispatch();
  }

  listenerState(name: string): ListenerState {
    return this.find(name)?.protocol.state ?? ListenerState.ACKNOWLEDGED;
  }

  setDelivering(on: boolean): void {
    this.delivering = on;
    if (on) this.dispatch();
  }
}

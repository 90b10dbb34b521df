/**
 * TICK_5 / TICK_60 / TICK_3600, aligned to wall-clock boundaries with a single timer armed for the next 5 s
 * boundary (never a polling loop). The first arm only records the current slots, like the reference.
 */
import { EventBus } from './bus';
import { tickEvent } from './event';

const PERIODS = [5, 60, 3600] as const;

export class TickTimer {
  private timer: NodeJS.Timeout | null = null;
  private lastSlot = new Map<number, number>();

  constructor(
    private readonly bus: EventBus,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  start(): void {
    const now = this.clock() / 1000;
    for (const period of PERIODS) this.lastSlot.set(period, Math.floor(now / period));
    this.arm();
  }

  private arm(): void {
    const nowMs = this.clock();
    const next = (Math.floor(nowMs / 5000) + 1) * 5000;
    this.timer = setTimeout(() => this.fire(), next - nowMs + 1);
    this.timer.unref?.();
  }

  /** Emit one event per period whose boundary was crossed since the last check (missed ones are not replayed). */
  fire(): void {
    const now = this.clock() / 1000;
    for (const period of PERIODS) {
      const slot = Math.floor(now / period);
      if (slot > (this.lastSlot.get(period) ?? slot)) this.bus.publish(tickEvent(period, slot * period));
      this.lastSlot.set(period, slot);
    }
    if (this.timer) this.arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The daemon's in-process event bus: synchronous fan-out to subscribers (listener pools). */
import { SupervisorEvent } from './event';

export class EventBus {
  private subscribers: ((event: SupervisorEvent) => void)[] = [];

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.subscribers = [...this.subscribers, listener];
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== listener);
    };
  }

  publish(event: SupervisorEvent): void {
    // The array is replaced (never mutated) on (un)subscribe, so iterating it is safe during fan-out.
    for (const subscriber of this.subscribers) subscriber(event);
  }
}

import type { AppEvent } from '../../shared/contracts';

type Listener = (event: AppEvent) => void;

/** Fan-out of run events to every connected window or socket. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed socket) must not starve the others.
      }
    }
  }
}

/**
 * The state changes `/api/v1/events` streams: server states, list changes, sessions opened and closed.
 * Each event gets an increasing id; the last ones are kept so a reconnecting EventSource (`Last-Event-ID`)
 * gets what it missed.
 * @module
 */

/** The kinds of event. */
export type ApiEventType = 'server.state' | 'lists.changed' | 'session.opened' | 'session.closed';

/** One event. */
export interface ApiEvent {
  id: number;
  type: ApiEventType;
  /** ms since epoch. */
  at: number;
  data: Record<string, unknown>;
}

/**
 * Fans events out to subscribers.
 * @example
 * const hub = new EventHub();
 * const stop = hub.subscribe((e) => console.log(e.type, e.data));
 * hub.publish('server.state', { name: 'echo', from: 'starting', to: 'running' });
 * stop();
 */
export class EventHub {
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  private readonly recent: ApiEvent[] = [];
  private next = 1;

  constructor(
    private readonly keep = 200,
    private readonly now: () => number = Date.now,
  ) {}

  /** Publishes an event to every subscriber. */
  publish(type: ApiEventType, data: Record<string, unknown>): ApiEvent {
    const event: ApiEvent = { id: this.next++, type, at: this.now(), data };
    this.recent.push(event);
    if (this.recent.length > this.keep) this.recent.shift();
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A failing subscriber (a closed stream) must not stop the others.
      }
    }
    return event;
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `id` still kept (for `Last-Event-ID`). */
  since(id: number): ApiEvent[] {
    return this.recent.filter((e) => e.id > id);
  }

  /** Number of subscribers. */
  get size(): number {
    return this.listeners.size;
  }
}

/**
 * Resource subscriptions of client sessions, counted per upstream resource: the gateway subscribes upstream
 * once for the first session and unsubscribes when the last one leaves. Pure bookkeeping.
 * @module
 */

/** An upstream resource. */
export interface ResourceKey {
  readonly server: string;
  readonly uri: string;
}

const keyOf = (k: ResourceKey): string => `${k.server}\u0000${k.uri}`;

/** Subscribers per upstream resource. */
export class SubscriptionTable {
  private readonly subs = new Map<string, { key: ResourceKey; sessions: Set<string> }>();

  /** Adds a subscriber; true when it is the first one (subscribe upstream). */
  add(key: ResourceKey, sessionId: string): boolean {
    const k = keyOf(key);
    let entry = this.subs.get(k);
    if (!entry) this.subs.set(k, (entry = { key, sessions: new Set() }));
    const first = entry.sessions.size === 0;
    entry.sessions.add(sessionId);
    return first;
  }

  /** Removes a subscriber; true when it was the last one (unsubscribe upstream). */
  remove(key: ResourceKey, sessionId: string): boolean {
    const k = keyOf(key);
    const entry = this.subs.get(k);
    if (!entry?.sessions.delete(sessionId)) return false;
    if (entry.sessions.size > 0) return false;
    this.subs.delete(k);
    return true;
  }

  /** Removes every subscription of a session; returns the resources nobody is subscribed to any more. */
  removeSession(sessionId: string): ResourceKey[] {
    const freed: ResourceKey[] = [];
    for (const { key } of [...this.subs.values()]) if (this.remove(key, sessionId)) freed.push(key);
    return freed;
  }

  /** Sessions subscribed to a resource. */
  subscribers(key: ResourceKey): string[] {
    return [...(this.subs.get(keyOf(key))?.sessions ?? [])];
  }

  /** Resources of `server` with at least one subscriber (re-subscribed when the server restarts). */
  resourcesOf(server: string): string[] {
    return [...this.subs.values()].filter((e) => e.key.server === server).map((e) => e.key.uri);
  }
}

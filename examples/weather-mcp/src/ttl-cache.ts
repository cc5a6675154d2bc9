/**
 * A small in-memory cache whose entries expire a fixed time after they were stored.
 * @module
 */

/**
 * Key-value cache with a time-to-live and an entry limit (the oldest entry goes first).
 * @example
 * const cache = new TtlCache<string>({ ttlMs: 60_000 });
 * cache.set('k', 'v');
 * cache.get('k'); // 'v' for the next minute, then undefined
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  /**
   * @param options.ttlMs how long an entry lives; `0` disables caching
   * @param options.maxEntries most entries kept (default 500)
   * @param options.now clock in milliseconds (default `Date.now`; tests pass a fake)
   */
  constructor(options: { ttlMs: number; maxEntries?: number; now?: () => number }) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** The live value for `key`, or `undefined`. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` for the configured TTL, evicting the oldest entry when full. */
  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    // Re-inserting moves the key to the end, so Map order stays oldest-first.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Number of stored entries, expired ones included until they are next looked up. */
  get size(): number {
    return this.entries.size;
  }
}

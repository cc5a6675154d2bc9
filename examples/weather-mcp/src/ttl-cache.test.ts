import { describe, expect, it } from 'vitest';

import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('returns a value until its TTL has passed', () => {
    let now = 1_000;
    const cache = new TtlCache<string>({ ttlMs: 100, now: () => now });
    cache.set('k', 'v');
    now += 99;
    expect(cache.get('k')).toBe('v');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('restarts the TTL when a key is stored again', () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 100, now: () => now });
    cache.set('k', 1);
    now = 80;
    cache.set('k', 2);
    now = 150;
    expect(cache.get('k')).toBe(2);
  });

  it('evicts the oldest entry beyond maxEntries', () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 2, now: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // refreshes a, so b is now the oldest
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('stores nothing when the TTL is 0', () => {
    const cache = new TtlCache<number>({ ttlMs: 0 });
    cache.set('k', 1);
    expect(cache.get('k')).toBeUndefined();
  });
});

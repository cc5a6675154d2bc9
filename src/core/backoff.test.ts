import { describe, expect, it } from 'vitest';

import { DEFAULT_BACKOFF, backoffDelay, jitterDelay, type BackoffOptions } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from 1 s and caps at 30 s without jitter', () => {
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(i, DEFAULT_BACKOFF, () => 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('jitter only shortens, by at most the jitter fraction', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999999)).toBe(800);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0.5)).toBe(27000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, DEFAULT_BACKOFF);
      expect(d).toBeGreaterThanOrEqual(6400);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });

  it('survives absurd retry counts', () => {
    expect(backoffDelay(5000, DEFAULT_BACKOFF, () => 0)).toBe(30000);
    expect(backoffDelay(-1, DEFAULT_BACKOFF, () => 0)).toBe(1000);
  });

  it('shortens by default when no jitter rule is given, clamping the fraction to [0, 1]', () => {
    const { jitterRule: _, ...noRule } = DEFAULT_BACKOFF;
    expect(backoffDelay(0, noRule, () => 0.999999)).toBe(800);
    expect(backoffDelay(0, { ...noRule, jitter: 3 }, () => 0.5)).toBe(500);
    expect(backoffDelay(0, { ...noRule, jitter: -1 }, () => 0.5)).toBe(1000);
  });
});

describe('jitterDelay', () => {
  const curve: BackoffOptions = { initialMs: 10, maxMs: 100, factor: 2, jitter: 0.5 };

  it('symmetric: moves a delay within ±jitter, never above maxMs', () => {
    const sym = { ...curve, jitterRule: 'symmetric' } as const;
    expect([0, 0.25, 0.5, 0.75].map((r) => jitterDelay(80, sym, () => r))).toEqual([40, 60, 80, 100]);
    expect(jitterDelay(100, sym, () => 0.999)).toBe(100);
    expect(backoffDelay(1, sym, () => 0.5)).toBe(20);
  });

  it('shorten: moves a delay within [1 - jitter, 1] of itself', () => {
    const short = { ...curve, jitterRule: 'shorten' } as const;
    expect([0, 0.5, 0.999].map((r) => jitterDelay(80, short, () => r))).toEqual([80, 60, 40]);
  });
});

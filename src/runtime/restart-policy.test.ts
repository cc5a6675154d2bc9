import { describe, expect, it } from 'vitest';

import { crashLoopDelay, DEFAULT_RESTART_POLICY as P, restartDelay } from './restart-policy.js';

const mid = (): number => 0.5;

describe('restartDelay', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => restartDelay(n, P, mid));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('jitters within ±20 % and never exceeds the cap', () => {
    expect(restartDelay(1, P, () => 0)).toBe(800);
    expect(restartDelay(1, P, () => 0.999_999)).toBe(1200);
    expect(restartDelay(3, P, () => 0.25)).toBe(3600);
    expect(restartDelay(10, P, () => 0.999_999)).toBe(30000);
    expect(restartDelay(10, P, () => 0)).toBe(24000);
  });

  it('treats attempt 0 like attempt 1', () => {
    expect(restartDelay(0, P, mid)).toBe(1000);
  });

  it('follows a custom policy', () => {
    const policy = { ...P, initialDelayMs: 10, maxDelayMs: 50, multiplier: 3, jitter: 0 };
    expect([1, 2, 3].map((n) => restartDelay(n, policy, Math.random))).toEqual([10, 30, 50]);
  });
});

describe('crashLoopDelay', () => {
  it('is the cap, jittered downwards only', () => {
    expect(crashLoopDelay(P, mid)).toBe(30000);
    expect(crashLoopDelay(P, () => 0)).toBe(24000);
    expect(crashLoopDelay(P, () => 0.99)).toBe(30000);
  });
});

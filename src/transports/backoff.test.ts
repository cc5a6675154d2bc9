import { describe, expect, it } from 'vitest';

import { DEFAULT_BACKOFF, backoffDelay } from './backoff.js';
import { ConnectionState, nextState } from './connection-state.js';

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
});

describe('nextState', () => {
  const S = ConnectionState;

  it('walks the happy path and the reconnect loop', () => {
    expect(nextState(S.Idle, 'start')).toBe(S.Connecting);
    expect(nextState(S.Connecting, 'connected')).toBe(S.Running);
    expect(nextState(S.Running, 'lost')).toBe(S.Backoff);
    expect(nextState(S.Backoff, 'retry')).toBe(S.Connecting);
    expect(nextState(S.Connecting, 'attempt-failed')).toBe(S.Backoff);
    expect(nextState(S.Connecting, 'give-up')).toBe(S.Failed);
  });

  it('stops from anywhere and restarts from stopped or failed', () => {
    for (const s of [S.Idle, S.Connecting, S.Running, S.Backoff, S.Failed])
      expect(nextState(s, 'stop')).toBe(S.Stopped);
    expect(nextState(S.Stopped, 'start')).toBe(S.Connecting);
    expect(nextState(S.Failed, 'start')).toBe(S.Connecting);
  });

  it('rejects events that do not apply', () => {
    expect(nextState(S.Running, 'retry')).toBeUndefined();
    expect(nextState(S.Stopped, 'lost')).toBeUndefined();
    expect(nextState(S.Backoff, 'connected')).toBeUndefined();
  });
});

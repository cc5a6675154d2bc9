import { describe, expect, it } from 'vitest';

import { ConnectionState, nextState } from './connection-state.js';

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

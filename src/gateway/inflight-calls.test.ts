import { describe, expect, it } from 'vitest';

import { InflightCalls } from './inflight-calls.js';

const any = (): boolean => true;

describe('in-flight calls: routing server-to-client requests', () => {
  it('has nobody to route to when no call is in flight', () => {
    expect(new InflightCalls().route('fs', any)).toBeUndefined();
  });

  it('routes exactly to the only caller', () => {
    const calls = new InflightCalls();
    const end = calls.begin('fs', { sessionId: 's1', requestId: 7 });
    calls.begin('other', { sessionId: 's2', requestId: 1 });
    expect(calls.route('fs', any)).toEqual({ origin: { sessionId: 's1', requestId: 7 }, ambiguous: false });
    end();
    expect(calls.route('fs', any)).toBeUndefined();
    expect(calls.count('fs')).toBe(0);
  });

  it('is exact with several calls of one session, and a flagged guess (most recent) across sessions', () => {
    const calls = new InflightCalls();
    calls.begin('fs', { sessionId: 's1', requestId: 1 });
    calls.begin('fs', { sessionId: 's1', requestId: 2 });
    expect(calls.route('fs', any)).toEqual({ origin: { sessionId: 's1', requestId: 2 }, ambiguous: false });
    const end = calls.begin('fs', { sessionId: 's2', requestId: 1 });
    expect(calls.route('fs', any)).toEqual({ origin: { sessionId: 's2', requestId: 1 }, ambiguous: true });
    end();
    expect(calls.route('fs', any)?.origin.sessionId).toBe('s1');
  });

  it('skips callers that cannot take the request', () => {
    const calls = new InflightCalls();
    calls.begin('fs', { sessionId: 'capable', requestId: 1 });
    calls.begin('fs', { sessionId: 'plain', requestId: 2 });
    expect(calls.route('fs', (o) => o.sessionId === 'capable')?.origin.sessionId).toBe('capable');
    expect(calls.route('fs', () => false)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';

import { CircuitBreaker } from './circuit-breaker.js';

function breaker(): { b: CircuitBreaker; advance(ms: number): void } {
  let t = 1_000_000;
  return { b: new CircuitBreaker({ now: () => t }), advance: (ms) => (t += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures and refuses with the time left', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 4; i++) b.record(false);
    expect(b.state).toBe('closed');
    b.record(false);
    expect(b.state).toBe('open');
    advance(10_000);
    const refused = b.admit();
    expect(refused).toEqual({ ok: false, retryInMs: 20_000, reason: '5 consecutive failures' });
  });

  it('a success resets the consecutive count', () => {
    const { b } = breaker();
    for (let i = 0; i < 4; i++) b.record(false);
    b.record(true);
    for (let i = 0; i < 4; i++) b.record(false);
    expect(b.state).toBe('closed');
  });

  it('opens at 50% errors over the window once it holds 10 calls', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 4; i++) {
      b.record(false);
      b.record(true);
      advance(1000);
    }
    expect(b.state).toBe('closed'); // 8 calls: below the minimum
    b.record(false);
    expect(b.state).toBe('closed'); // 9 calls
    b.record(true);
    expect(b.state).toBe('open'); // 10 calls, 5 failed
  });

  it('forgets outcomes older than the window', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 4; i++) b.record(false);
    b.record(true);
    advance(61_000);
    for (let i = 0; i < 5; i++) b.record(true);
    for (let i = 0; i < 4; i++) b.record(false);
    // 9 calls in the window (the 5 old ones left it): no rate decision, 4 consecutive failures.
    expect(b.state).toBe('closed');
  });

  it('half-opens after 30 s, admits one probe, and closes on its success', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 5; i++) b.record(false);
    advance(30_000);
    expect(b.state).toBe('half-open');
    expect(b.admit()).toEqual({ ok: true, probe: true });
    expect(b.admit()).toMatchObject({ ok: false, reason: 'a probe call is in flight' });
    b.record(true);
    expect(b.state).toBe('closed');
    expect(b.admit()).toEqual({ ok: true, probe: false });
  });

  it('opens again for another 30 s when the probe fails', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 5; i++) b.record(false);
    advance(30_000);
    b.admit();
    b.record(false);
    expect(b.state).toBe('open');
    advance(29_999);
    expect(b.admit()).toMatchObject({ ok: false, retryInMs: 1 });
    advance(1);
    expect(b.admit()).toEqual({ ok: true, probe: true });
  });

  it('counts only the last window, however many calls went before', () => {
    const { b, advance } = breaker();
    // 5000 calls over 50 s, alternating failures with three successes: 25 % errors, stays closed.
    for (let i = 0; i < 5000; i++) {
      b.record(i % 4 !== 0);
      advance(10);
    }
    expect(b.state).toBe('closed');
    advance(60_000); // all of them age out of the window
    for (let i = 0; i < 4; i++) {
      b.record(false);
      b.record(true);
    }
    b.record(false);
    expect(b.state).toBe('closed'); // 9 calls in the window: below the minimum
    b.record(true);
    expect(b.state).toBe('open'); // 5 of the last 10 failed
    expect(b.admit()).toMatchObject({ ok: false, reason: '5 of the last 10 calls failed' });
  });
});

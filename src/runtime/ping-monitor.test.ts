import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { PingMonitor, type PingMonitorOptions } from './ping-monitor.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function monitor(ping: PingMonitorOptions['ping'], extra: Partial<PingMonitorOptions> = {}) {
  const results: Array<number | string> = [];
  const onHang = vi.fn();
  const m = new PingMonitor({
    ping,
    intervalMs: 1000,
    timeoutMs: 200,
    maxFailures: 3,
    clock: { now: () => Date.now() },
    onResult: (r) => results.push('latencyMs' in r ? r.latencyMs : `fail ${r.failures}`),
    onHang,
    ...extra,
  });
  return { m, results, onHang };
}

const after = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('PingMonitor', () => {
  it('pings every interval and measures latency with the injected clock', async () => {
    const ping = vi.fn(after(30));
    const { m, results } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(ping).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1 + 30);
    expect(results).toEqual([30]);
    await vi.advanceTimersByTimeAsync(1030 * 2);
    expect(results).toEqual([30, 30, 30]);
    m.stop();
  });

  it('never overlaps pings: the next is scheduled after the previous settles', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { m } = monitor(async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await after(150)();
      inFlight -= 1;
    });
    m.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxInFlight).toBe(1);
    m.stop();
  });

  it('declares a hang after maxFailures timeouts in a row, aborting each ping, then stops', async () => {
    const signals: AbortSignal[] = [];
    const ping = vi.fn((signal: AbortSignal) => {
      signals.push(signal);
      return new Promise(() => undefined); // never answers
    });
    const { m, results, onHang } = monitor(ping);
    m.start();
    await vi.advanceTimersByTimeAsync(3 * 1200);
    expect(results).toEqual(['fail 1', 'fail 2', 'fail 3']);
    expect(onHang).toHaveBeenCalledOnce();
    expect(onHang.mock.calls[0]?.[0]).toBeInstanceOf(Error);
    expect(signals.every((s) => s.aborted)).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping).toHaveBeenCalledTimes(3);
  });

  it('a success resets the failure streak', async () => {
    let n = 0;
    const { m, results, onHang } = monitor(async () => {
      n += 1;
      if (n % 3 !== 0) throw new Error('flaky');
    });
    m.start();
    await vi.advanceTimersByTimeAsync(6 * 1000 + 10);
    expect(results).toEqual(['fail 1', 'fail 2', 0, 'fail 1', 'fail 2', 0]);
    expect(m.failureStreak).toBe(0);
    expect(onHang).not.toHaveBeenCalled();
    m.stop();
  });

  it('ignores a ping that settles after stop', async () => {
    const { m, results } = monitor(after(500), { timeoutMs: 5000 });
    m.start();
    await vi.advanceTimersByTimeAsync(1100);
    m.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(results).toEqual([]);
  });
});

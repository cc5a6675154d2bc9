import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { PingMonitor, type PingMonitorOptions } from './ping-monitor.js';
import type { Timers } from './types.js';

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
    onSuccess: (latencyMs) => results.push(latencyMs),
    onFailure: (_error, failures) => results.push(`fail ${failures}`),
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
    expect(onHang.mock.calls[0]?.[1]).toBe(3);
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

  it('hands the ping function its deadline and reports the ping’s own error, unwrapped', async () => {
    const own = new Error('Request timed out');
    const deadlines: number[] = [];
    const { m, results, onHang } = monitor(
      (_signal, timeoutMs) => {
        deadlines.push(timeoutMs);
        return Promise.reject(own);
      },
      { maxFailures: 1 },
    );
    m.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(deadlines).toEqual([200]);
    expect(results).toEqual(['fail 1']);
    expect(onHang).toHaveBeenCalledWith(own, 1);
  });

  it('start() restarts the schedule with a clean failure count, ignoring the ping in flight', async () => {
    let fail = true;
    const { m, results, onHang } = monitor(async () => {
      await after(100)();
      if (fail) throw new Error('down');
    });
    m.start();
    await vi.advanceTimersByTimeAsync(2 * 1100);
    expect(m.failureStreak).toBe(2);
    await vi.advanceTimersByTimeAsync(1050); // third ping in flight
    m.start();
    expect(m.failureStreak).toBe(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(1100);
    expect(results).toEqual(['fail 1', 'fail 2', 100]);
    expect(onHang).not.toHaveBeenCalled();
    m.stop();
  });

  it('is disabled by an interval of 0', async () => {
    const ping = vi.fn(after(10));
    const { m } = monitor(ping, { intervalMs: 0 });
    m.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping).not.toHaveBeenCalled();
  });

  it('schedules pings and deadlines on the injected timers', async () => {
    const scheduled: number[] = [];
    const timers: Timers = {
      setTimeout: (fn, ms) => {
        scheduled.push(ms);
        return setTimeout(fn, ms);
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const { m, results } = monitor(() => new Promise(() => undefined), { timers, maxFailures: 2 });
    m.start();
    await vi.advanceTimersByTimeAsync(1000 + 200 + 1000 + 200);
    expect(scheduled).toEqual([1000, 200, 1000, 200]);
    expect(results).toEqual(['fail 1', 'fail 2']);
  });
});

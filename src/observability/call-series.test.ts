import { describe, expect, it } from 'vitest';

import { CallSeries, quantileMs } from './call-series.js';

describe('call series', () => {
  it('computes rate, error rate and percentiles over a window', () => {
    let now = 1_000_000_000;
    const series = new CallSeries(600, () => now);
    // 100 calls in one second: 90 fast (10 ms), 10 slow (200 ms), 5 of them failing.
    for (let i = 0; i < 90; i++) series.observe(0.01, true);
    for (let i = 0; i < 10; i++) series.observe(0.2, i >= 5);
    now += 1000;
    const s = series.summary(10, 1);
    expect(s.points).toHaveLength(10);
    expect(s.total.calls).toBe(100);
    expect(s.total.errors).toBe(5);
    expect(s.total.errorRate).toBe(0.05);
    expect(s.total.rate).toBe(10);
    expect(s.total.p50Ms!).toBeGreaterThan(8.5);
    expect(s.total.p50Ms!).toBeLessThan(11.5);
    expect(s.total.p95Ms!).toBeGreaterThan(170);
    expect(s.total.p95Ms!).toBeLessThan(230);
    const busy = s.points.find((p) => p.calls > 0)!;
    expect(busy.rate).toBe(100);
    expect(s.points.at(-1)!.calls).toBe(0);
    expect(s.points.at(-1)!.p50Ms).toBeNull();
  });

  it('forgets seconds older than the horizon, even when their slot is reused', () => {
    let now = 5_000_000;
    const series = new CallSeries(60, () => now);
    series.observe(0.001, false);
    now += 60_000; // same slot, one horizon later
    expect(series.summary(60, 60).total.calls).toBe(0);
    series.observe(0.001, true);
    const s = series.summary(60, 60);
    expect(s.total.calls).toBe(1);
    expect(s.total.errors).toBe(0);
  });

  it('clamps the window to the horizon and the step to the window', () => {
    const series = new CallSeries(120, () => 0);
    const s = series.summary(10_000, 1_000);
    expect(s.windowSeconds).toBe(120);
    expect(s.stepSeconds).toBe(120);
    expect(s.points).toHaveLength(1);
  });

  it('has no quantile for an empty histogram', () => {
    expect(quantileMs(new Uint32Array(10), 0.5)).toBeNull();
  });
});

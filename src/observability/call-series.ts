/**
 * A small in-memory time series of the gateway's forwarded calls: per second, how many, how many failed,
 * and a latency histogram, for the last hour. It answers "calls/s, error rate, p50/p95 over the last N
 * minutes" for the dashboard without a database. Percentiles come from log-spaced histogram buckets
 * (about 12 % wide), interpolated inside the bucket.
 * @module
 */

/** Bucket upper bounds in seconds: 0.1 ms to about 120 s, ratio 2^(1/6) (~12 % per bucket). */
const BOUNDS: readonly number[] = Array.from({ length: 122 }, (_, i) => 0.0001 * 2 ** (i / 6));
const NB = BOUNDS.length + 1; // the last bucket holds everything slower

/** One point of a series query. */
export interface CallPoint {
  /** Start of the step (ms since epoch). */
  t: number;
  calls: number;
  errors: number;
  /** Calls per second over the step. */
  rate: number;
  /** errors / calls, 0 without calls. */
  errorRate: number;
  /** Median latency in ms, null without calls. */
  p50Ms: number | null;
  p95Ms: number | null;
}

/** A query answer: points oldest first, and the whole window's figures. */
export interface CallSummary {
  windowSeconds: number;
  stepSeconds: number;
  points: CallPoint[];
  total: Omit<CallPoint, 't'>;
}

/** Which bucket a duration falls into. */
function bucketOf(seconds: number): number {
  if (!(seconds > BOUNDS[0]!)) return 0;
  const i = Math.ceil(Math.log2(seconds / 0.0001) * 6 - 1e-9);
  return Math.min(i, NB - 1);
}

/** The q-quantile (0..1) of a histogram in ms, interpolated inside its bucket; null when empty. */
export function quantileMs(hist: ArrayLike<number>, q: number): number | null {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i]!;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const n = hist[i]!;
    if (n === 0) continue;
    if (seen + n >= rank) {
      const lo = i === 0 ? 0 : BOUNDS[i - 1]!;
      const hi = BOUNDS[i] ?? BOUNDS[BOUNDS.length - 1]! * 2;
      const frac = n === 0 ? 1 : Math.min(1, Math.max(0, (rank - seen) / n));
      return (lo + (hi - lo) * frac) * 1000;
    }
    seen += n;
  }
  return BOUNDS[BOUNDS.length - 1]! * 1000;
}

/**
 * Per-second call statistics for a fixed horizon.
 * @example
 * const series = new CallSeries();
 * series.observe(0.012, true);
 * series.summary(300, 10).total.p95Ms; // ~12
 */
export class CallSeries {
  private readonly seconds: number;
  private readonly stamp: Float64Array;
  private readonly calls: Uint32Array;
  private readonly errors: Uint32Array;
  private readonly hist: Uint32Array;

  constructor(
    horizonSeconds = 3600,
    private readonly now: () => number = Date.now,
  ) {
    this.seconds = horizonSeconds;
    this.stamp = new Float64Array(horizonSeconds).fill(-1);
    this.calls = new Uint32Array(horizonSeconds);
    this.errors = new Uint32Array(horizonSeconds);
    this.hist = new Uint32Array(horizonSeconds * NB);
  }

  /** Records one finished call. */
  observe(seconds: number, ok: boolean): void {
    const slot = this.slot(Math.floor(this.now() / 1000));
    this.calls[slot]! += 1;
    if (!ok) this.errors[slot]! += 1;
    this.hist[slot * NB + bucketOf(seconds)]! += 1;
  }

  /** The last `windowSeconds` (at most the horizon) in steps of `stepSeconds`, oldest first. */
  summary(windowSeconds: number, stepSeconds: number): CallSummary {
    const window = Math.max(1, Math.min(Math.floor(windowSeconds), this.seconds));
    const step = Math.max(1, Math.min(Math.floor(stepSeconds), window));
    const nowSec = Math.floor(this.now() / 1000);
    const steps = Math.ceil(window / step);
    const first = nowSec - steps * step + 1;
    const points: CallPoint[] = [];
    const all = new Uint32Array(NB);
    let allCalls = 0;
    let allErrors = 0;
    for (let s = 0; s < steps; s++) {
      const h = new Uint32Array(NB);
      let calls = 0;
      let errors = 0;
      for (let sec = first + s * step; sec < first + (s + 1) * step; sec++) {
        const slot = ((sec % this.seconds) + this.seconds) % this.seconds;
        if (this.stamp[slot] !== sec) continue;
        calls += this.calls[slot]!;
        errors += this.errors[slot]!;
        for (let b = 0; b < NB; b++) h[b]! += this.hist[slot * NB + b]!;
      }
      for (let b = 0; b < NB; b++) all[b]! += h[b]!;
      allCalls += calls;
      allErrors += errors;
      points.push({ t: (first + s * step) * 1000, ...figures(calls, errors, h, step) });
    }
    return {
      windowSeconds: steps * step,
      stepSeconds: step,
      points,
      total: figures(allCalls, allErrors, all, steps * step),
    };
  }

  /** The slot of second `sec`, cleared when it last held an older second. */
  private slot(sec: number): number {
    const slot = sec % this.seconds;
    if (this.stamp[slot] !== sec) {
      this.stamp[slot] = sec;
      this.calls[slot] = 0;
      this.errors[slot] = 0;
      this.hist.fill(0, slot * NB, (slot + 1) * NB);
    }
    return slot;
  }
}

function figures(calls: number, errors: number, hist: Uint32Array, seconds: number): Omit<CallPoint, 't'> {
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    calls,
    errors,
    rate: Math.round((calls / seconds) * 1000) / 1000,
    errorRate: calls ? Math.round((errors / calls) * 10_000) / 10_000 : 0,
    p50Ms: round(quantileMs(hist, 0.5)),
    p95Ms: round(quantileMs(hist, 0.95)),
  };
}

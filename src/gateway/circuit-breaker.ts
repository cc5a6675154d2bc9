/**
 * A circuit breaker per upstream server. Closed, it lets calls through and counts their outcomes; it opens
 * after `failures` consecutive failures, or when at least `minCalls` calls in the last `windowMs` failed at
 * `errorRate` or more. Open, it refuses calls at once for `openMs`; then it is half-open and lets exactly one
 * probe through: success closes it, failure opens it again. Pure: the clock is injected.
 * @module
 */

/** Thresholds of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failures?: number;
  /** Share of failed calls in the window that opens the circuit. Default 0.5. */
  errorRate?: number;
  /** Calls the window must hold before the rate counts. Default 10. */
  minCalls?: number;
  /** Length of the window. Default 60 s. */
  windowMs?: number;
  /** How long the circuit stays open before a probe. Default 30 s. */
  openMs?: number;
  /** Epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** The breaker's state. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** The answer of {@link CircuitBreaker.admit}. */
export type Admission =
  | { readonly ok: true; readonly probe: boolean }
  | { readonly ok: false; readonly retryInMs: number; readonly reason: string };

/** The circuit breaker of one server. */
export class CircuitBreaker {
  private readonly o: Required<CircuitBreakerOptions>;
  private current: CircuitState = 'closed';
  private consecutive = 0;
  /** Outcomes in the window, oldest first from `head` (a queue: amortized O(1) per call). */
  private times: number[] = [];
  private oks: boolean[] = [];
  private head = 0;
  /** Failed outcomes among those in the window. */
  private failedInWindow = 0;
  private openedAt = 0;
  private probing = false;
  private why = '';

  constructor(options: CircuitBreakerOptions = {}) {
    this.o = {
      failures: options.failures ?? 5,
      errorRate: options.errorRate ?? 0.5,
      minCalls: options.minCalls ?? 10,
      windowMs: options.windowMs ?? 60_000,
      openMs: options.openMs ?? 30_000,
      now: options.now ?? Date.now,
    };
  }

  /** The state now (an open circuit whose time is up reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.o.now() - this.openedAt >= this.o.openMs) return 'half-open';
    return this.current;
  }

  /** Whether a call may go through now; a half-open circuit admits one probe at a time. */
  admit(): Admission {
    const state = this.state;
    if (state === 'closed') return { ok: true, probe: false };
    if (state === 'half-open' && !this.probing) {
      this.current = 'half-open';
      this.probing = true;
      return { ok: true, probe: true };
    }
    const retryInMs =
      state === 'open' ? Math.max(0, this.openedAt + this.o.openMs - this.o.now()) : this.o.openMs;
    return { ok: false, retryInMs, reason: state === 'open' ? this.why : 'a probe call is in flight' };
  }

  /** Records the outcome of an admitted call. */
  record(ok: boolean): void {
    const now = this.o.now();
    if (this.current === 'half-open') {
      this.probing = false;
      if (ok) this.reset();
      else this.open(now, 'the probe call failed');
      return;
    }
    if (this.current === 'open') return;
    this.consecutive = ok ? 0 : this.consecutive + 1;
    this.times.push(now);
    this.oks.push(ok);
    if (!ok) this.failedInWindow += 1;
    const since = now - this.o.windowMs;
    while (this.head < this.times.length && this.times[this.head]! <= since) {
      if (!this.oks[this.head]) this.failedInWindow -= 1;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.oks = this.oks.slice(this.head);
      this.head = 0;
    }
    if (this.consecutive >= this.o.failures) {
      this.open(now, `${this.consecutive} consecutive failures`);
      return;
    }
    const calls = this.times.length - this.head;
    const failed = this.failedInWindow;
    if (calls >= this.o.minCalls && failed / calls >= this.o.errorRate) {
      this.open(now, `${failed} of the last ${calls} calls failed`);
    }
  }

  private open(now: number, why: string): void {
    this.current = 'open';
    this.openedAt = now;
    this.why = why;
    this.consecutive = 0;
    this.clearWindow();
  }

  private clearWindow(): void {
    this.times = [];
    this.oks = [];
    this.head = 0;
    this.failedInWindow = 0;
  }

  private reset(): void {
    this.current = 'closed';
    this.consecutive = 0;
    this.clearWindow();
    this.why = '';
  }
}

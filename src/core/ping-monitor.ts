/**
 * Liveness by periodic `ping` of one MCP session: after `maxFailures` consecutive failures the peer counts as
 * hung. Used by the supervisor (stdio servers) and by remote connections; each turns a hang into its own error.
 * @module
 */
import { systemTimers, type Clock, type TimerHandle, type Timers } from './types.js';

/** Settings, I/O and handlers of a {@link PingMonitor}. */
export interface PingMonitorOptions {
  /**
   * Sends one ping. `signal` is aborted when the ping missed its deadline (the SDK's
   * `client.ping({ signal })` honours it); `timeoutMs` is the deadline, for APIs that enforce one themselves
   * (`client.ping({ timeout })`).
   */
  ping: (signal: AbortSignal, timeoutMs: number) => Promise<unknown>;
  /** Time between the end of one ping and the start of the next; 0 (or less) disables the monitor. */
  intervalMs: number;
  /** A ping that has not settled after this long fails. */
  timeoutMs: number;
  /** This many failures in a row call `onHang`. */
  maxFailures: number;
  /** Measures latency. */
  clock: Clock;
  /** Schedules pings and deadlines. Default {@link systemTimers}. */
  timers?: Timers;
  /** A ping succeeded after `latencyMs`. */
  onSuccess?: (latencyMs: number) => void;
  /** A ping failed (its error, or the deadline's); `failures` counts this one. */
  onFailure?: (error: unknown, failures: number) => void;
  /** Called once when the streak reaches `maxFailures`, with the last failure; the monitor has stopped first. */
  onHang: (lastError: unknown, failures: number) => void;
}

/**
 * Pings on a self-rescheduling timer: the next ping is scheduled when the previous one settles, so pings never
 * overlap, and injected (or fake) timers drive it in tests.
 *
 * @example
 * const monitor = new PingMonitor({
 *   ping: (signal) => client.ping({ signal }),
 *   intervalMs: 15_000, timeoutMs: 5_000, maxFailures: 3, clock: Date,
 *   onHang: () => restart(),
 * });
 * monitor.start();
 */
export class PingMonitor {
  private timer: TimerHandle | undefined;
  /** Bumped by `stop()`: a ping of an older run is ignored when it settles. */
  private run = 0;
  private failures = 0;
  private readonly timers: Timers;

  constructor(private readonly options: PingMonitorOptions) {
    this.timers = options.timers ?? systemTimers;
  }

  /** Consecutive failures so far. */
  get failureStreak(): number {
    return this.failures;
  }

  /** (Re)starts the schedule with a clean failure count; the first ping goes out one interval from now. */
  start(): void {
    this.stop();
    this.failures = 0;
    this.schedule(this.run);
  }

  /** Cancels the schedule; a ping in flight is ignored when it settles. */
  stop(): void {
    this.run += 1;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(run: number): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.tick(run);
    }, this.options.intervalMs);
  }

  private async tick(run: number): Promise<void> {
    const { clock, timeoutMs } = this.options;
    const abort = new AbortController();
    const sentAt = clock.now();
    let deadline: TimerHandle | undefined;
    try {
      // The ping starts first, so a deadline the ping function enforces itself (same length) fires first.
      await Promise.race([
        this.options.ping(abort.signal, timeoutMs),
        new Promise((_, reject) => {
          deadline = this.timers.setTimeout(() => {
            // Only a missed deadline cancels the ping: aborting a settled request would still make
            // the SDK send a stray notifications/cancelled.
            abort.abort();
            reject(new Error(`ping timed out after ${timeoutMs} ms`));
          }, timeoutMs);
        }),
      ]);
      if (run !== this.run) return;
      this.failures = 0;
      this.options.onSuccess?.(clock.now() - sentAt);
    } catch (err) {
      if (run !== this.run) return;
      this.failures += 1;
      this.options.onFailure?.(err, this.failures);
      if (this.failures >= this.options.maxFailures) {
        const failures = this.failures;
        this.stop();
        this.options.onHang(err, failures);
        return;
      }
    } finally {
      if (deadline !== undefined) this.timers.clearTimeout(deadline);
    }
    this.schedule(run);
  }
}

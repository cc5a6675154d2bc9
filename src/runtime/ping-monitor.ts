/**
 * Periodic liveness pings of one upstream session. A streak of failed pings means the server hangs.
 * @module
 */
import type { Clock } from './types.js';

/** Options of {@link PingMonitor}. */
export interface PingMonitorOptions {
  /** Sends one ping; must honour `signal` (the SDK's `client.ping({ signal })` does). */
  ping: (signal: AbortSignal) => Promise<unknown>;
  /** Time between the end of one ping and the start of the next. */
  intervalMs: number;
  /** A ping slower than this fails. */
  timeoutMs: number;
  /** This many failures in a row call `onHang`. */
  maxFailures: number;
  clock: Clock;
  /** After every ping: the latency, or the error. */
  onResult?: (result: { latencyMs: number } | { error: Error; failures: number }) => void;
  /** Called once when the failure streak reaches `maxFailures`; the monitor stops itself first. */
  onHang: (lastError: Error) => void;
}

/**
 * Pings on a self-rescheduling timer (pings never overlap), so fake timers drive it in tests.
 * @example
 * const monitor = new PingMonitor({ ping: (signal) => client.ping({ signal }), intervalMs: 15000,
 *   timeoutMs: 5000, maxFailures: 3, clock: Date, onHang: () => restart() });
 * monitor.start();
 */
export class PingMonitor {
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private running = false;

  constructor(private readonly options: PingMonitorOptions) {}

  /** Consecutive failures so far. */
  get failureStreak(): number {
    return this.failures;
  }

  /** Schedules the first ping one interval from now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops pinging; an in-flight ping is aborted. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const { clock, timeoutMs } = this.options;
    const abort = new AbortController();
    const started = clock.now();
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.ping(abort.signal),
        new Promise((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`ping timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (!this.running) return;
      this.failures = 0;
      this.options.onResult?.({ latencyMs: clock.now() - started });
    } catch (err) {
      if (!this.running) return;
      const error = err instanceof Error ? err : new Error(String(err));
      this.failures += 1;
      this.options.onResult?.({ error, failures: this.failures });
      if (this.failures >= this.options.maxFailures) {
        this.stop();
        this.options.onHang(error);
        return;
      }
    } finally {
      clearTimeout(timeout);
      abort.abort();
    }
    this.schedule();
  }
}

/**
 * Liveness by periodic `ping`: after `maxFailures` consecutive failures the connection is declared dead.
 * Pings are chained (the next is scheduled when the previous settles), so they never overlap.
 * @module
 */
import { TransportError, TransportErrorCode } from './errors.js';
import type { Clock, TimerHandle, Timers } from './types.js';

/** Settings and I/O of a `PingMonitor`. */
export interface PingMonitorOptions {
  /** Time between the end of one ping and the start of the next; 0 disables the monitor. */
  intervalMs: number;
  /** Deadline of one ping, handed to the ping function. */
  timeoutMs: number;
  /** Consecutive failures that mean "dead". */
  maxFailures: number;
  timers: Timers;
  clock: Clock;
}

/** What the monitor reports. */
export interface PingMonitorHandlers {
  /** A ping succeeded after `ms`. */
  onSuccess?(ms: number): void;
  /** A ping failed; `consecutive` counts this one. */
  onFailure?(error: unknown, consecutive: number): void;
  /** `maxFailures` pings in a row failed; the monitor has stopped. */
  onDead(error: TransportError): void;
}

/**
 * Pings on a schedule while started.
 *
 * @example
 * const monitor = new PingMonitor((timeout) => client.ping({ timeout }), opts, { onDead: () => reconnect() });
 * monitor.start();
 */
export class PingMonitor {
  private timer: TimerHandle | undefined;
  private run = 0;
  private failures = 0;

  constructor(
    private readonly ping: (timeoutMs: number) => Promise<unknown>,
    private readonly options: PingMonitorOptions,
    private readonly handlers: PingMonitorHandlers,
  ) {}

  /** (Re)starts the schedule with a clean failure count. */
  start(): void {
    this.stop();
    this.failures = 0;
    this.schedule(this.run);
  }

  /** Cancels the schedule; a ping in flight is ignored when it settles. */
  stop(): void {
    this.run += 1;
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(run: number): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      void this.tick(run);
    }, this.options.intervalMs);
  }

  private async tick(run: number): Promise<void> {
    const sentAt = this.options.clock.now();
    try {
      await this.ping(this.options.timeoutMs);
      if (run !== this.run) return;
      this.failures = 0;
      this.handlers.onSuccess?.(this.options.clock.now() - sentAt);
    } catch (err) {
      if (run !== this.run) return;
      this.failures += 1;
      this.handlers.onFailure?.(err, this.failures);
      if (this.failures >= this.options.maxFailures) {
        const failed = this.failures;
        this.stop();
        this.handlers.onDead(
          new TransportError(
            TransportErrorCode.Unresponsive,
            `${failed} pings in a row failed`,
            { failed },
            { cause: err },
          ),
        );
        return;
      }
    }
    this.schedule(run);
  }
}

/**
 * Small injected-I/O types shared by every layer: clock, randomness, timers and the leveled logger.
 * Pure declarations plus the real-timer and silent-logger defaults; no `node:` imports.
 * @module
 */

/** Wall clock in milliseconds; `Date` satisfies it. */
export interface Clock {
  now(): number;
}

/** Uniform random number in [0, 1); `Math.random` satisfies it. */
export type RandomFn = () => number;

/** An opaque timer handle, whatever the injected `Timers` hand out. */
export type TimerHandle = unknown;

/** One-shot timers (injected so tests can drive backoff and ping schedules by hand). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real `setTimeout`/`clearTimeout`, looked up at call time (so `vi.useFakeTimers()` applies).
 * @example new PingMonitor({ ...opts, timers: systemTimers });
 */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Like {@link systemTimers}, but a pending timer does not keep the process alive (Node's `unref`, where the
 * handle has one). For background schedules such as pings of a supervised server.
 */
export const unrefTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    (handle as { unref?: () => unknown }).unref?.();
    return handle;
  },
  clearTimeout: systemTimers.clearTimeout,
};

/**
 * Leveled, structured logger: the part of the platform's injected `Logger` (`observability/logger.ts`) that
 * library code uses, so any `Logger` fits. Library code logs here, never to the console. Never pass header
 * values or full URLs in `fields`.
 */
export interface LeveledLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger that discards everything; the default when none is injected. */
export const silentLogger: LeveledLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Messages and bytes moved over one upstream (bytes of JSON text, not counting framing). */
export interface TrafficCounters {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/** Fresh zeroed counters. */
export function emptyTraffic(): TrafficCounters {
  return { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
}

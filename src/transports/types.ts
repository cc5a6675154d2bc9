/**
 * Shared types of the transports layer: the transport kinds, the `RemoteTransport` contract and the
 * injected clock, randomness, timers and logger.
 * @module
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** The wire protocols an upstream connection can speak. `auto` is a strategy, not a kind. */
export type TransportKind = 'streamable-http' | 'sse' | 'websocket' | 'unix';

/** Every transport kind, in the order `mcp transport list` shows them. */
export const TRANSPORT_KINDS: readonly TransportKind[] = ['streamable-http', 'sse', 'websocket', 'unix'];

/**
 * An SDK `Transport` that also says which wire protocol it speaks. `kind` is `undefined` only for the
 * `auto` transport before its first message has been sent (the choice needs the server's answer).
 */
export interface RemoteTransport extends Transport {
  readonly kind: TransportKind | undefined;
}

/** Wall clock in milliseconds; `Date` satisfies it. */
export interface Clock {
  now(): number;
}

/** Uniform random number in [0, 1); `Math.random` satisfies it. */
export type RandomFn = () => number;

/** An opaque timer handle, whatever the injected `Timers` hand out. */
export type TimerHandle = unknown;

/** One-shot timers (injected so tests can drive backoff and ping schedules). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real `setTimeout`/`clearTimeout`. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Leveled, structured logger. Never pass header values or full URLs in `fields`. */
export interface TransportLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger that discards everything; the default when none is injected. */
export const silentLogger: TransportLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

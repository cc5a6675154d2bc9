/**
 * Reconnect delays: exponential backoff with jitter, as a pure function.
 * @module
 */
import type { RandomFn } from './types.js';

/** Shape of the backoff curve. */
export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  /** Growth per retry. */
  factor: number;
  /** Fraction in [0, 1] of a delay that randomness may take off (spreads out reconnect storms). */
  jitter: number;
}

/** 1 s, 2 s, 4 s … capped at 30 s, each shortened by up to 20 %. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = {
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
};

/**
 * The delay before retry number `retry` (0-based). Jitter only shortens a delay, so the nominal values
 * are upper bounds and `maxMs` is never exceeded.
 *
 * @example
 * backoffDelay(0, DEFAULT_BACKOFF, () => 0); // 1000
 * backoffDelay(9, DEFAULT_BACKOFF, () => 0); // 30000
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: RandomFn = Math.random,
): number {
  const nominal = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, retry));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.max(0, Math.round(nominal * (1 - jitter * random())));
}

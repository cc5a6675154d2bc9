/**
 * Exponential backoff with jitter, as pure functions: the one curve behind the supervisor's restart delays
 * (`runtime/restart-policy.ts`) and the remote connections' reconnect delays (`transports/`).
 * @module
 */
import type { RandomFn } from './types.js';

/**
 * How randomness moves a delay `d` (with `jitter` = `j`):
 * - `shorten`: a value in `d * [1 - j, 1]` (`j` clamped to [0, 1]). Jitter only shortens a delay, so the nominal
 *   values are upper bounds.
 * - `symmetric`: a value in `d * [1 - j, 1 + j]`, never above `maxMs`. At the cap this jitters downwards only.
 */
export type JitterRule = 'shorten' | 'symmetric';

/** Shape of the backoff curve. All durations in milliseconds. */
export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Upper bound of any delay, jitter included. */
  readonly maxMs: number;
  /** Growth per retry. */
  readonly factor: number;
  /** Relative jitter (a fraction of the delay); see {@link JitterRule}. */
  readonly jitter: number;
  /** How `jitter` applies. Default `shorten`. */
  readonly jitterRule?: JitterRule;
}

/** 1 s, 2 s, 4 s … capped at 30 s, each shortened by up to 20 %. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
  jitterRule: 'shorten',
});

/**
 * The delay before retry number `retry` (0-based; a negative count counts as 0): `initialMs * factor^retry`,
 * capped at `maxMs`, then jittered by `options.jitterRule`. Pure; `maxMs` is never exceeded.
 *
 * @example
 * backoffDelay(0, DEFAULT_BACKOFF, () => 0); // 1000
 * backoffDelay(9, DEFAULT_BACKOFF, () => 0); // 30000
 * backoffDelay(2, { ...DEFAULT_BACKOFF, jitterRule: 'symmetric' }, () => 0.5); // 4000
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: RandomFn = Math.random,
): number {
  const nominal = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, retry));
  return jitterDelay(nominal, options, random);
}

/**
 * `delay` moved by randomness under `options.jitterRule`, rounded to whole milliseconds. Pure.
 * @example jitterDelay(30_000, { ...DEFAULT_BACKOFF, jitterRule: 'symmetric' }, () => 0); // 24000
 */
export function jitterDelay(
  delay: number,
  options: Pick<BackoffOptions, 'maxMs' | 'jitter' | 'jitterRule'>,
  random: RandomFn,
): number {
  if (options.jitterRule === 'symmetric') {
    const factor = 1 + options.jitter * (2 * random() - 1);
    return Math.round(Math.min(options.maxMs, Math.max(0, delay * factor)));
  }
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.max(0, Math.round(delay * (1 - jitter * random())));
}

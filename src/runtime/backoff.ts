/**
 * Restart policy and the pure backoff computation.
 * @module
 */
import type { RandomFn } from './types.js';

/** When and how often a crashed server is restarted. All durations in milliseconds. */
export interface RestartPolicy {
  /** Delay before the first restart. Default 1000. */
  readonly initialDelayMs: number;
  /** Upper bound of any delay, and the fixed interval while in `crash-loop`. Default 30000. */
  readonly maxDelayMs: number;
  /** Growth factor per consecutive failure. Default 2. */
  readonly multiplier: number;
  /** Relative jitter: a delay `d` becomes a value in `d * [1 - jitter, 1 + jitter]`, never above the cap. Default 0.2. */
  readonly jitter: number;
  /** A run this long counts as stable and resets the failure count and the start window. Default 60000. */
  readonly stableAfterMs: number;
  /** This many starts within `crashLoopWindowMs` put the server in `crash-loop`. Default 5. */
  readonly crashLoopStarts: number;
  /** Window of the crash-loop rule. Default 60000. */
  readonly crashLoopWindowMs: number;
}

/** The default restart policy: 1 s, 2 s, 4 s ... capped at 30 s; 5 starts in 60 s is a crash loop. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = Object.freeze({
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
  stableAfterMs: 60_000,
  crashLoopStarts: 5,
  crashLoopWindowMs: 60_000,
});

/**
 * Delay before restart number `attempt` (1 for the first restart): `initial * multiplier^(attempt-1)`, capped,
 * then jittered. Pure: pass `() => 0.5` for an exact, jitter-free value.
 * @example backoffDelay(3, DEFAULT_RESTART_POLICY, () => 0.5) // 4000
 */
export function backoffDelay(attempt: number, policy: RestartPolicy, random: RandomFn): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** exponent);
  return jittered(base, policy, random);
}

/** The delay between restarts while in `crash-loop`: the cap, jittered downwards only. */
export function crashLoopDelay(policy: RestartPolicy, random: RandomFn): number {
  return jittered(policy.maxDelayMs, policy, random);
}

function jittered(base: number, policy: RestartPolicy, random: RandomFn): number {
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(policy.maxDelayMs, Math.max(0, base * factor)));
}

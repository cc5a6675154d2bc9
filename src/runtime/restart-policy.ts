/**
 * The supervisor's restart policy: exponential restart delays (the shared curve of `core/backoff.ts`, with
 * symmetric jitter) and the crash-loop rule's fixed interval.
 * @module
 */
import { DEFAULT_BACKOFF, backoffDelay, jitterDelay, type BackoffOptions } from '../core/backoff.js';
import type { RandomFn } from '../core/types.js';

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
  initialDelayMs: DEFAULT_BACKOFF.initialMs,
  maxDelayMs: DEFAULT_BACKOFF.maxMs,
  multiplier: DEFAULT_BACKOFF.factor,
  jitter: DEFAULT_BACKOFF.jitter,
  stableAfterMs: 60_000,
  crashLoopStarts: 5,
  crashLoopWindowMs: 60_000,
});

/** The backoff curve of a restart policy: its delays, jittered symmetrically. */
function curve(policy: RestartPolicy): BackoffOptions {
  return {
    initialMs: policy.initialDelayMs,
    maxMs: policy.maxDelayMs,
    factor: policy.multiplier,
    jitter: policy.jitter,
    jitterRule: 'symmetric',
  };
}

/**
 * Delay before restart number `attempt` (1 for the first restart; 0 counts as 1):
 * `initialDelayMs * multiplier^(attempt-1)`, capped, then jittered. Pure: pass `() => 0.5` for an exact,
 * jitter-free value.
 * @example restartDelay(3, DEFAULT_RESTART_POLICY, () => 0.5) // 4000
 */
export function restartDelay(attempt: number, policy: RestartPolicy, random: RandomFn): number {
  return backoffDelay(attempt - 1, curve(policy), random);
}

/**
 * The delay between restarts while in `crash-loop`: the cap, jittered downwards only.
 * @example crashLoopDelay(DEFAULT_RESTART_POLICY, () => 0) // 24000
 */
export function crashLoopDelay(policy: RestartPolicy, random: RandomFn): number {
  return jitterDelay(policy.maxDelayMs, curve(policy), random);
}

/**
 * The lifecycle of one supervised server as a pure state machine. The supervisor feeds it events and performs
 * the effects implied by the state it lands in (spawn on `starting`, arm a timer on `backoff`, kill on `stopping`).
 * @module
 */
import type { RandomFn } from '../core/types.js';

import { crashLoopDelay, restartDelay, type RestartPolicy } from './restart-policy.js';

/** Where a server is in its lifecycle. */
export enum ServerState {
  /** Not running and nothing scheduled: never started, or stopped on request. */
  Stopped = 'stopped',
  /** Asked to start, waiting for its `dependsOn` servers to be running. */
  Waiting = 'waiting',
  /** Process spawned, MCP `initialize` in progress. */
  Starting = 'starting',
  /** Initialized; the upstream session is usable. */
  Running = 'running',
  /** Ended unexpectedly; a restart is scheduled after an exponential delay. */
  Backoff = 'backoff',
  /** Too many starts in the window; restarts only at the cap interval or on a manual start. */
  CrashLoop = 'crash-loop',
  /** Stop requested; closing stdin, then SIGTERM, then SIGKILL to the process group. */
  Stopping = 'stopping',
  /** Cannot start without a config change (executable missing, env unresolved). Manual start retries. */
  Failed = 'failed',
}

/** Inputs of the state machine. */
export type ServerEvent =
  /** A (manual) start request whose dependencies are running. Resets the restart history. */
  | { readonly type: 'start' }
  /** A start request whose dependencies are not running yet. */
  | { readonly type: 'wait' }
  /** `initialize` succeeded. */
  | { readonly type: 'ready' }
  /** The run ended: the process exited, or the start failed and the process was killed. */
  | { readonly type: 'exit'; readonly retryable: boolean }
  /** The backoff / crash-loop timer elapsed. */
  | { readonly type: 'retry' }
  /** A stop request. */
  | { readonly type: 'stop' };

/** Bookkeeping the machine carries between transitions. */
export interface RestartHistory {
  /** Consecutive failed runs (drives the backoff exponent). */
  readonly failures: number;
  /** Start times inside the crash-loop window, oldest first. */
  readonly starts: readonly number[];
  /** When the current run became `running`. */
  readonly runningSince: number | undefined;
}

/** The history of a server that never ran. */
export const EMPTY_HISTORY: RestartHistory = Object.freeze({
  failures: 0,
  starts: [],
  runningSince: undefined,
});

/** Everything a transition may depend on besides state and event: time, randomness and policy. */
export interface TransitionContext {
  readonly now: number;
  readonly random: RandomFn;
  readonly policy: RestartPolicy;
  readonly history: RestartHistory;
}

/** The result of a transition. */
export interface Transition {
  readonly state: ServerState;
  readonly history: RestartHistory;
  /** Whether the event applied; events that make no sense in a state are ignored (`changed: false`). */
  readonly changed: boolean;
  /** On entering `backoff` or `crash-loop`: how long to wait before the `retry` event. */
  readonly delayMs?: number;
}

const S = ServerState;
const idle = new Set<ServerState>([S.Stopped, S.Waiting, S.Backoff, S.CrashLoop, S.Failed]);

/**
 * Computes the next state. Pure: the clock and random source come in through `ctx`.
 * @example
 * nextState(ServerState.Stopped, { type: 'start' }, { now: 0, random: () => 0.5, policy, history: EMPTY_HISTORY })
 * // { state: 'starting', changed: true, history: { failures: 0, starts: [0], runningSince: undefined } }
 */
export function nextState(state: ServerState, event: ServerEvent, ctx: TransitionContext): Transition {
  const { now, history } = ctx;
  const stay: Transition = { state, history, changed: false };
  const to = (s: ServerState, h: RestartHistory = history, delayMs?: number): Transition =>
    delayMs === undefined
      ? { state: s, history: h, changed: true }
      : { state: s, history: h, changed: true, delayMs };

  switch (event.type) {
    case 'start':
      return idle.has(state) ? to(S.Starting, { ...EMPTY_HISTORY, starts: [now] }) : stay;
    case 'wait':
      return idle.has(state) && state !== S.Waiting ? to(S.Waiting, EMPTY_HISTORY) : stay;
    case 'retry':
      return state === S.Backoff || state === S.CrashLoop
        ? to(S.Starting, { ...history, starts: [...windowed(history.starts, now, ctx.policy), now] })
        : stay;
    case 'ready':
      return state === S.Starting ? to(S.Running, { ...history, runningSince: now }) : stay;
    case 'stop':
      if (state === S.Starting || state === S.Running) return to(S.Stopping);
      return idle.has(state) && state !== S.Stopped ? to(S.Stopped) : stay;
    case 'exit':
      if (state === S.Stopping) return to(S.Stopped, { ...history, runningSince: undefined });
      if (state !== S.Starting && state !== S.Running) return stay;
      return afterCrash(state, event.retryable, ctx);
  }
}

/** A run ended unexpectedly: decide between backoff, crash-loop and failed. */
function afterCrash(state: ServerState, retryable: boolean, ctx: TransitionContext): Transition {
  const { now, policy } = ctx;
  const stable =
    state === S.Running &&
    ctx.history.runningSince !== undefined &&
    now - ctx.history.runningSince >= policy.stableAfterMs;
  // A long healthy run forgives earlier failures: the next crash starts the backoff sequence from the beginning.
  const base = stable ? EMPTY_HISTORY : ctx.history;
  const history: RestartHistory = {
    failures: base.failures + 1,
    starts: windowed(base.starts, now, policy),
    runningSince: undefined,
  };
  if (!retryable) return { state: S.Failed, history, changed: true };
  if (history.starts.length >= policy.crashLoopStarts) {
    return { state: S.CrashLoop, history, changed: true, delayMs: crashLoopDelay(policy, ctx.random) };
  }
  return {
    state: S.Backoff,
    history,
    changed: true,
    delayMs: restartDelay(history.failures, policy, ctx.random),
  };
}

function windowed(starts: readonly number[], now: number, policy: RestartPolicy): number[] {
  return starts.filter((t) => now - t < policy.crashLoopWindowMs);
}

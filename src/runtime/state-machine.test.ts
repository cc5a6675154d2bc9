import { describe, expect, it } from 'vitest';

import { DEFAULT_RESTART_POLICY as policy } from './restart-policy.js';
import {
  EMPTY_HISTORY,
  nextState,
  ServerState as S,
  type RestartHistory,
  type ServerEvent,
  type Transition,
} from './state-machine.js';

const random = (): number => 0.5;

/** Drives the machine through events at given times, like the supervisor does. */
function run(steps: Array<[number, ServerEvent]>, from: S = S.Stopped): Transition[] {
  let state = from;
  let history: RestartHistory = EMPTY_HISTORY;
  return steps.map(([now, event]) => {
    const t = nextState(state, event, { now, random, policy, history });
    state = t.state;
    history = t.history;
    return t;
  });
}

describe('nextState: happy path', () => {
  it('goes stopped -> starting -> running -> stopping -> stopped', () => {
    const states = run([
      [0, { type: 'start' }],
      [100, { type: 'ready' }],
      [200, { type: 'stop' }],
      [300, { type: 'exit', retryable: true }],
    ]).map((t) => t.state);
    expect(states).toEqual([S.Starting, S.Running, S.Stopping, S.Stopped]);
  });

  it('waits for dependencies, then starts', () => {
    expect(
      run([
        [0, { type: 'wait' }],
        [5, { type: 'start' }],
      ]).map((t) => t.state),
    ).toEqual([S.Waiting, S.Starting]);
  });

  it('records when the run became running', () => {
    const [, ready] = run([
      [0, { type: 'start' }],
      [42, { type: 'ready' }],
    ]);
    expect(ready?.history.runningSince).toBe(42);
  });
});

describe('nextState: crashes', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s, then enters crash-loop on the 5th start within 60 s', () => {
    const steps: Array<[number, ServerEvent]> = [[0, { type: 'start' }]];
    let t = 0;
    for (const delay of [1000, 2000, 4000, 8000]) {
      steps.push([t + 10, { type: 'exit', retryable: true }]);
      t += 10 + delay;
      steps.push([t, { type: 'retry' }]);
    }
    steps.push([t + 10, { type: 'exit', retryable: true }]);
    const out = run(steps);
    const crashes = out.filter((_, i) => steps[i]?.[1].type === 'exit');
    expect(crashes.map((c) => [c.state, c.delayMs])).toEqual([
      [S.Backoff, 1000],
      [S.Backoff, 2000],
      [S.Backoff, 4000],
      [S.Backoff, 8000],
      [S.CrashLoop, 30000],
    ]);
  });

  it('stays in crash-loop at the cap interval while crashes continue', () => {
    const starts = [0, 1, 2, 3, 4].map((n) => n * 100);
    const history: RestartHistory = { failures: 4, starts, runningSince: undefined };
    const retry = nextState(S.CrashLoop, { type: 'retry' }, { now: 30_000, random, policy, history });
    expect(retry.state).toBe(S.Starting);
    const crash = nextState(
      S.Starting,
      { type: 'exit', retryable: true },
      { now: 30_050, random, policy, history: retry.history },
    );
    expect([crash.state, crash.delayMs]).toEqual([S.CrashLoop, 30000]);
  });

  it('leaves the crash loop once old starts fall out of the 60 s window', () => {
    const history: RestartHistory = { failures: 5, starts: [0, 10, 20, 30, 40], runningSince: undefined };
    const retry = nextState(S.CrashLoop, { type: 'retry' }, { now: 60_500, random, policy, history });
    expect(retry.history.starts).toEqual([60_500]);
    const crash = nextState(
      S.Starting,
      { type: 'exit', retryable: true },
      { now: 60_600, random, policy, history: retry.history },
    );
    expect([crash.state, crash.delayMs]).toEqual([S.Backoff, 30000]);
  });

  it('resets the backoff after 60 s of stable running', () => {
    const history: RestartHistory = { failures: 3, starts: [0, 1000, 3000], runningSince: 7000 };
    const early = nextState(
      S.Running,
      { type: 'exit', retryable: true },
      { now: 7000 + 59_999, random, policy, history },
    );
    expect([early.state, early.delayMs]).toEqual([S.Backoff, 8000]);
    const late = nextState(
      S.Running,
      { type: 'exit', retryable: true },
      { now: 7000 + 60_000, random, policy, history },
    );
    expect([late.state, late.delayMs, late.history.failures, late.history.starts]).toEqual([
      S.Backoff,
      1000,
      1,
      [],
    ]);
  });

  it('fails without retry on a non-retryable error, and a manual start retries', () => {
    const [, failed, again] = run([
      [0, { type: 'start' }],
      [5, { type: 'exit', retryable: false }],
      [9, { type: 'start' }],
    ]);
    expect([failed?.state, failed?.delayMs]).toEqual([S.Failed, undefined]);
    expect(again?.state).toBe(S.Starting);
  });

  it('a manual start out of crash-loop resets the history', () => {
    const history: RestartHistory = { failures: 9, starts: [1, 2, 3, 4, 5], runningSince: undefined };
    const t = nextState(S.CrashLoop, { type: 'start' }, { now: 10, random, policy, history });
    expect(t).toEqual({
      state: S.Starting,
      changed: true,
      history: { failures: 0, starts: [10], runningSince: undefined },
    });
  });

  it('uses the injected random source for jitter', () => {
    const t = nextState(
      S.Starting,
      { type: 'exit', retryable: true },
      {
        now: 0,
        random: () => 0,
        policy,
        history: { failures: 0, starts: [0], runningSince: undefined },
      },
    );
    expect(t.delayMs).toBe(800);
  });
});

describe('nextState: stop and ignored events', () => {
  it.each([S.Waiting, S.Backoff, S.CrashLoop, S.Failed])('stop from %s goes straight to stopped', (from) => {
    expect(nextState(from, { type: 'stop' }, { now: 0, random, policy, history: EMPTY_HISTORY }).state).toBe(
      S.Stopped,
    );
  });

  it.each([S.Starting, S.Running])('stop from %s goes through stopping', (from) => {
    expect(nextState(from, { type: 'stop' }, { now: 0, random, policy, history: EMPTY_HISTORY }).state).toBe(
      S.Stopping,
    );
  });

  it.each<[S, ServerEvent]>([
    [S.Running, { type: 'start' }],
    [S.Stopping, { type: 'start' }],
    [S.Stopped, { type: 'ready' }],
    [S.Running, { type: 'retry' }],
    [S.Backoff, { type: 'exit', retryable: true }],
    [S.Stopped, { type: 'stop' }],
    [S.Stopping, { type: 'stop' }],
    [S.Waiting, { type: 'wait' }],
  ])('ignores %s + %o', (from, event) => {
    const t = nextState(from, event, { now: 0, random, policy, history: EMPTY_HISTORY });
    expect([t.state, t.changed]).toEqual([from, false]);
  });

  it('an exit while stopping ends in stopped and is not counted as a failure', () => {
    const history: RestartHistory = { failures: 0, starts: [0], runningSince: 5 };
    const t = nextState(S.Stopping, { type: 'exit', retryable: true }, { now: 9, random, policy, history });
    expect([t.state, t.history.failures, t.delayMs]).toEqual([S.Stopped, 0, undefined]);
  });
});

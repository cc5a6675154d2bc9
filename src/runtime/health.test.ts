import { describe, expect, it } from 'vitest';

import { aggregateStatus } from './health.js';
import { ServerState as S } from './state-machine.js';

describe('aggregateStatus', () => {
  it.each<[S[], string]>([
    [[], 'ok'],
    [[S.Running, S.Running], 'ok'],
    [[S.Running, S.Stopped], 'ok'],
    [[S.Stopped], 'ok'],
    [[S.Running, S.Backoff], 'degraded'],
    [[S.Running, S.Starting], 'degraded'],
    [[S.Running, S.Waiting], 'degraded'],
    [[S.CrashLoop, S.Failed], 'down'],
    [[S.Starting], 'down'],
  ])('%j -> %s', (states, status) => {
    expect(aggregateStatus(states)).toBe(status);
  });
});

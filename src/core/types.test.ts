import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';

import type { Logger } from '../observability/logger.js';
import { silentLogger, systemTimers, unrefTimers, type LeveledLogger } from './types.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('core types', () => {
  it('the platform Logger fits wherever a LeveledLogger is taken', () => {
    expectTypeOf<Logger>().toExtend<LeveledLogger>();
    expect(() => silentLogger.error('dropped', { x: 1 })).not.toThrow();
  });

  it('systemTimers and unrefTimers use the (fakeable) global timers; unrefTimers do not hold the process', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    systemTimers.setTimeout(() => fired.push('system'), 10);
    const handle = unrefTimers.setTimeout(() => fired.push('unref'), 10);
    expect((handle as NodeJS.Timeout).hasRef()).toBe(false);
    const cancelled = systemTimers.setTimeout(() => fired.push('cancelled'), 10);
    systemTimers.clearTimeout(cancelled);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(['system', 'unref']);
  });
});

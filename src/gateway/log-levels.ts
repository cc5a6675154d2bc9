/**
 * MCP logging levels (RFC 5424 order) and the level the gateway asks of a shared upstream: the most
 * verbose one any interested session chose. Each session then only receives messages at or above its own
 * level. Pure.
 * @module
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

/** Levels from least to most severe. */
export const LOG_LEVELS: readonly LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** Whether `value` is a logging level. */
export function isLogLevel(value: unknown): value is LoggingLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Whether a message at `level` reaches a session that chose `threshold` (none chosen: everything). */
export function passes(level: unknown, threshold: LoggingLevel | undefined): boolean {
  if (threshold === undefined || !isLogLevel(level)) return true;
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

/** The most verbose of `levels`, or undefined when there are none. */
export function mostVerbose(levels: Iterable<LoggingLevel>): LoggingLevel | undefined {
  let best: LoggingLevel | undefined;
  for (const l of levels)
    if (best === undefined || LOG_LEVELS.indexOf(l) < LOG_LEVELS.indexOf(best)) best = l;
  return best;
}

/**
 * The pure core shared by every layer: injected-I/O types, the backoff curve, the ping monitor and tool listing.
 * No `node:` imports.
 * @module
 */
export {
  DEFAULT_BACKOFF,
  backoffDelay,
  jitterDelay,
  type BackoffOptions,
  type JitterRule,
} from './backoff.js';
export { MAX_TOOL_PAGES, listAllTools } from './list-tools.js';
export { PingMonitor, type PingMonitorOptions } from './ping-monitor.js';
export {
  emptyTraffic,
  silentLogger,
  systemTimers,
  unrefTimers,
  type Clock,
  type LeveledLogger,
  type RandomFn,
  type TimerHandle,
  type TrafficCounters,
  type Timers,
} from './types.js';

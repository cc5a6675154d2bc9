/**
 * The runtime layer: supervision of stdio MCP servers (processes, sessions, restarts, logs, resources, health).
 * @module
 */
export { ProcessSupervisor, type LogLine, type SupervisorEvents } from './supervisor.js';
export type { StateChange } from './managed-server.js';
export {
  defaultResolvers,
  resolveSupervisorOptions,
  type PingOptions,
  type ResolvedSupervisorOptions,
  type SupervisorOptions,
} from './options.js';
export {
  EMPTY_HISTORY,
  nextState,
  ServerState,
  type RestartHistory,
  type ServerEvent,
  type Transition,
  type TransitionContext,
} from './state-machine.js';
export {
  crashLoopDelay,
  DEFAULT_RESTART_POLICY,
  restartDelay,
  type RestartPolicy,
} from './restart-policy.js';
export {
  aggregateStatus,
  type HealthStatus,
  type ServerErrorInfo,
  type ServerHealth,
  type SupervisorHealth,
} from './health.js';
export { isRuntimeError, NonRetryableRuntimeError, RuntimeError, type RuntimeErrorCode } from './errors.js';
export {
  ChildProcessTransport,
  DEFAULT_MAX_FRAME_BYTES,
  type ChildProcessTransportOptions,
} from './child-process-transport.js';
export { buildChildEnv } from './child-env.js';
export { DEFAULT_STOP_GRACE, isProcessAlive, type StopGrace } from './process-group.js';
export { ProcessReaper, type ProcessReaperOptions } from './reaper-client.js';
export { ResourceSampler, type ResourceUsage } from './resource-sampler.js';
export { defaultProcessTable, type ProcessInfo, type ProcessTable } from './process-table.js';
export type { LogListener } from './server-logs.js';
export type { KillFn, SpawnFn } from './types.js';
// Shared with every layer; defined in core/.
export type { Clock, LeveledLogger, RandomFn } from '../core/types.js';

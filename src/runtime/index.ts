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
export { backoffDelay, crashLoopDelay, DEFAULT_RESTART_POLICY, type RestartPolicy } from './backoff.js';
export {
  aggregateStatus,
  type HealthStatus,
  type ServerErrorInfo,
  type ServerHealth,
  type SupervisorHealth,
} from './health.js';
export { isRuntimeError, RuntimeError, RuntimeErrorCode } from './errors.js';
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
export type { Clock, KillFn, RandomFn, RuntimeLogger, SpawnFn } from './types.js';

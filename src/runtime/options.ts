/**
 * Supervisor options (what callers pass) and their resolved form (every default filled in).
 * @module
 */
import { spawn } from 'node:child_process';

import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/sdk/types.js';

import { lookupEnvVar } from '../config/env.js';
import type { TemplateResolvers } from '../config/template.js';
import { silentLogger, type Clock, type LeveledLogger, type RandomFn } from '../core/types.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { DEFAULT_MAX_FRAME_BYTES } from './child-process-transport.js';
import type { LineRingOptions } from './line-ring.js';
import { DEFAULT_STOP_GRACE, type StopGrace } from './process-group.js';
import { defaultProcessTable, type ProcessTable } from './process-table.js';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './restart-policy.js';
import type { RotatingLogOptions } from './rotating-log.js';
import type { KillFn, SpawnFn } from './types.js';

/** Ping settings. */
export interface PingOptions {
  /** Time between pings; 0 disables pinging. Default 15000. */
  readonly intervalMs: number;
  /** A ping slower than this fails. Default 5000. */
  readonly timeoutMs: number;
  /** Consecutive failures that count as a hang (the server is restarted). Default 3. */
  readonly maxFailures: number;
}

/** Options of `ProcessSupervisor`; only `logsDir` is required. */
export interface SupervisorOptions {
  /** Directory of the per-server log files (`homePaths(home).logs`). */
  logsDir: string;
  /** Resolve `${ENV}` and `${secret:NAME}` in server env. Default: the platform env; secrets unavailable. */
  resolvers?: TemplateResolvers;
  /** Deadline for `initialize` + tool listing; missing it is a failed start. Default 30000. */
  startTimeoutMs?: number;
  /** Grace periods of a stop. Default 2000 (after closing stdin) + 3000 (after SIGTERM). */
  stopGrace?: Partial<StopGrace>;
  /** Restart policy. Default {@link DEFAULT_RESTART_POLICY}. */
  restart?: Partial<RestartPolicy>;
  /** Pinging. */
  ping?: Partial<PingOptions>;
  /** CPU/RSS sampling interval; 0 disables sampling. Default 5000. */
  sampleIntervalMs?: number;
  /** Largest stdout frame; a longer line kills the server. Default 10 MB. */
  maxFrameBytes?: number;
  /** Log file rotation. Default 5 MB, 3 kept. */
  logFile?: RotatingLogOptions;
  /** In-memory tail buffer. Default 1000 lines / 1 MB. */
  logRing?: LineRingOptions;
  /** Reaper: false disables it (servers may then outlive a killed platform). */
  reaper?: false | { script?: string; graceMs?: number };
  /** How the platform introduces itself to servers. */
  clientInfo?: Implementation;
  /** Capabilities declared to servers (the gateway declares sampling, elicitation and roots it relays). */
  clientCapabilities?: ClientCapabilities;
  spawnFn?: SpawnFn;
  kill?: KillFn;
  clock?: Clock;
  random?: RandomFn;
  logger?: LeveledLogger;
  processTable?: ProcessTable;
}

/** Supervisor options with every default filled in. */
export interface ResolvedSupervisorOptions {
  readonly logsDir: string;
  readonly resolvers: TemplateResolvers;
  readonly startTimeoutMs: number;
  readonly stopGrace: StopGrace;
  readonly restart: RestartPolicy;
  readonly ping: PingOptions;
  readonly sampleIntervalMs: number;
  readonly maxFrameBytes: number;
  readonly logFile: RotatingLogOptions;
  readonly logRing: LineRingOptions;
  readonly reaper: false | { readonly script?: string; readonly graceMs?: number };
  readonly clientInfo: Implementation;
  readonly clientCapabilities: ClientCapabilities;
  readonly spawnFn: SpawnFn;
  readonly kill: KillFn;
  readonly clock: Clock;
  readonly random: RandomFn;
  readonly logger: LeveledLogger;
  readonly processTable: ProcessTable;
}

/** Default resolvers: `${ENV}` from the platform environment; `${secret:...}` needs an injected store. */
export const defaultResolvers: TemplateResolvers = {
  env: (name) => lookupEnvVar(name),
  secret: (name) =>
    Promise.reject(
      new PlatformError(PlatformErrorCode.SecretNotFound, `no secret store available for "${name}"`, {
        name,
      }),
    ),
};

/** Fills in defaults. */
export function resolveSupervisorOptions(o: SupervisorOptions): ResolvedSupervisorOptions {
  return {
    logsDir: o.logsDir,
    resolvers: o.resolvers ?? defaultResolvers,
    startTimeoutMs: o.startTimeoutMs ?? 30_000,
    stopGrace: { ...DEFAULT_STOP_GRACE, ...o.stopGrace },
    restart: { ...DEFAULT_RESTART_POLICY, ...o.restart },
    ping: { intervalMs: 15_000, timeoutMs: 5000, maxFailures: 3, ...o.ping },
    sampleIntervalMs: o.sampleIntervalMs ?? 5000,
    maxFrameBytes: o.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    logFile: { maxBytes: 5 * 1024 * 1024, keep: 3, ...o.logFile },
    logRing: { maxLines: 1000, maxBytes: 1024 * 1024, ...o.logRing },
    reaper: o.reaper ?? {},
    clientInfo: o.clientInfo ?? { name: 'mcp-platform', version: '0.1.0' },
    clientCapabilities: o.clientCapabilities ?? {},
    spawnFn: o.spawnFn ?? spawn,
    kill: o.kill ?? process.kill.bind(process),
    clock: o.clock ?? Date,
    random: o.random ?? Math.random,
    logger: o.logger ?? silentLogger,
    processTable: o.processTable ?? defaultProcessTable(),
  };
}

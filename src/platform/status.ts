/**
 * The status record of every server the platform runs, stdio and remote alike, as the API and
 * `mcp status --json` report it.
 * @module
 */
import { aggregateStatus, type HealthStatus, type ServerHealth } from '../runtime/index.js';
import type { ConnectionHealth } from '../transports/index.js';

/** Aggregate verdict. */
export type OverallHealth = HealthStatus;

/** One server's status. */
export interface ServerStatus {
  name: string;
  type: 'stdio' | 'remote';
  /** `running` when usable; see docs/runtime.md for every state. */
  state: string;
  /** For remote servers: the transport in use (`streamable-http`, `sse`, `websocket`, `unix`). */
  transport: string;
  pid: number | null;
  uptimeMs: number | null;
  restarts: number;
  /** CPU of the process tree, percent of one core. */
  cpu: number | null;
  rssBytes: number | null;
  tools: number | null;
  pingMs: number | null;
  lastError: { code?: string; message: string; at?: number } | null;
  nextRestartAt: number | null;
  lastLines: string[];
  /** Per-server transport counters (remote servers; stdio servers report dropped lines). */
  metrics: Record<string, number>;
}

/** The platform's status. */
export interface PlatformStatus {
  platform: {
    running: boolean;
    pid: number | null;
    profile: string;
    startedAt: string | null;
    url: string | null;
    version: string;
  };
  health: OverallHealth;
  servers: ServerStatus[];
}

/** Aggregates server states (the runtime's rule, for stdio and remote servers alike). */
export const overallHealth: (states: Iterable<string>) => OverallHealth = aggregateStatus;

/** The status record of a stdio server from its supervisor health. */
export function stdioStatus(name: string, h: ServerHealth): ServerStatus {
  return {
    name,
    type: 'stdio',
    state: h.state,
    transport: 'stdio',
    pid: h.pid ?? null,
    uptimeMs: h.uptimeMs ?? null,
    restarts: h.restarts,
    cpu: h.cpuPercent ?? null,
    rssBytes: h.rssBytes ?? null,
    tools: h.tools ?? null,
    pingMs: h.pingLatencyMs ?? null,
    lastError: h.lastError
      ? { code: h.lastError.code, message: h.lastError.message, at: h.lastError.at }
      : null,
    nextRestartAt: h.nextRestartAt ?? null,
    lastLines: [...h.lastLines],
    metrics: { ...h.traffic, droppedLines: h.droppedLines, pingFailures: h.pingFailures },
  };
}

/** The status record of a remote server from its connection health (`configured`: the transport asked for). */
export function remoteStatus(name: string, h: ConnectionHealth, configured: string): ServerStatus {
  return {
    name,
    type: 'remote',
    state: h.state === 'idle' ? 'stopped' : h.state,
    transport: h.transport ?? configured,
    pid: null,
    uptimeMs: h.uptimeMs || null,
    restarts: h.reconnects,
    cpu: null,
    rssBytes: null,
    tools: h.tools,
    pingMs: h.pingMs ?? null,
    lastError: h.lastError ? { message: h.lastError.message } : null,
    nextRestartAt: null,
    lastLines: [],
    metrics: {
      messagesIn: h.messagesIn,
      messagesOut: h.messagesOut,
      bytesIn: h.bytesIn,
      bytesOut: h.bytesOut,
      errors: h.errors,
      sessionRenewals: h.sessionRenewals,
    },
  };
}

/**
 * The status of a server that does not run: stopped, nothing measured (a platform that is not running, or the
 * instant of a reconcile between the old runner's removal and the new one's creation).
 */
export function idleStatus(name: string, type: 'stdio' | 'remote', transport: string): ServerStatus {
  return {
    name,
    type,
    state: 'stopped',
    transport,
    pid: null,
    uptimeMs: null,
    restarts: 0,
    cpu: null,
    rssBytes: null,
    tools: null,
    pingMs: null,
    lastError: null,
    nextRestartAt: null,
    lastLines: [],
    metrics: {},
  };
}

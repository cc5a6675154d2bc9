/**
 * The status record of every server the platform runs, stdio and remote alike, as the API and
 * `mcp status --json` report it.
 * @module
 */

/** Aggregate verdict. */
export type OverallHealth = 'ok' | 'degraded' | 'down';

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

/** Aggregates server states: `ok` when all wanted servers run, `down` when none does. Stopped ones do not count. */
export function overallHealth(states: string[]): OverallHealth {
  const wanted = states.filter((s) => s !== 'stopped');
  const running = wanted.filter((s) => s === 'running').length;
  if (running === wanted.length) return 'ok';
  return running === 0 ? 'down' : 'degraded';
}

/**
 * A private upstream: one more run of a supervised stdio server, outside its state machine, for a single
 * gateway client session (`share: per-session`). It is spawned like the supervised run (resolved env,
 * own process group, registered with the reaper, stderr into the server's log) but declares the capabilities
 * of the client it serves, is never restarted, and is killed with its group when the session lets it go.
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { StdioServerConfig } from '../config/schema.js';
import type { TrafficCounters } from '../core/types.js';

import { RuntimeError } from './errors.js';
import { PlatformErrorCode } from '../errors.js';
import type { ResolvedSupervisorOptions } from './options.js';
import type { ProcessReaper } from './reaper-client.js';
import type { ServerLogs } from './server-logs.js';
import { ServerRun } from './server-run.js';

/** An initialized upstream session that belongs to one client session. */
export interface PrivateUpstream {
  /** The initialized SDK client. */
  readonly client: Client;
  /** Pid of its process (stdio), while alive. */
  readonly pid: number | undefined;
  /** Resolves when it is gone (closed, or its process exited on its own). */
  readonly ended: Promise<void>;
  /** Stops it (stdin close, SIGTERM, SIGKILL to the group) and resolves when gone. Idempotent. */
  close(): Promise<void>;
}

/** What a private run shares with the supervised server it copies. */
export interface PrivateRunSource {
  readonly name: string;
  readonly config: StdioServerConfig;
  readonly options: ResolvedSupervisorOptions;
  readonly reaper: ProcessReaper | undefined;
  readonly logs: ServerLogs;
  readonly traffic: TrafficCounters;
}

/** Spawns and initializes a private run declaring `capabilities`; rejects with why it could not start. */
export function openPrivateRun(
  src: PrivateRunSource,
  capabilities: ClientCapabilities,
): Promise<PrivateUpstream> {
  return new Promise((resolve, reject) => {
    let closed = false;
    let ready = false;
    const options: ResolvedSupervisorOptions = {
      ...src.options,
      clientCapabilities: capabilities,
      // The session's own requests show whether it lives; the supervised run is pinged.
      ping: { ...src.options.ping, intervalMs: 0 },
    };
    const run: ServerRun = new ServerRun(src.name, src.config, options, src.reaper, src.logs, {
      wanted: () => !closed,
      active: () => !closed,
      ready: (r) => {
        ready = true;
        src.logs.note(`pid ${String(r.pid)} serves one client session (share: per-session)`);
        resolve({
          client: r.client!,
          get pid() {
            return r.pid;
          },
          ended: run.exited,
          close: async () => {
            closed = true;
            await run.terminate(src.options.stopGrace);
            await run.exited;
          },
        });
      },
      ended: (_r, reason) => {
        if (!ready)
          reject(
            reason ??
              new RuntimeError(PlatformErrorCode.InitializeFailed, `"${src.name}" ended before it was ready`),
          );
      },
      droppedLine: () => undefined,
      pinged: () => undefined,
      traffic: src.traffic,
    });
    void run.launch();
  });
}

/**
 * The counters behind `RemoteConnection.health()`: traffic, reconnects, renewals, errors (with the last
 * one redacted), ping time and uptime.
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import type { Clock } from '../core/types.js';
import { errorMessage } from '../errors.js';
import type { ConnectionHealth, ConnectionState, LastError } from './connection-state.js';
import { emptyTraffic } from './metered-transport.js';
import { redactSecrets } from './redact.js';
import type { TransportKind } from './types.js';

/** Mutable statistics of one connection; `RemoteConnection` owns one for its whole life. */
export class ConnectionStats {
  /** Shared with every `MeteredTransport` of the connection, so totals survive reconnects. */
  readonly traffic = emptyTraffic();
  reconnects = 0;
  sessionRenewals = 0;
  errors = 0;
  tools = 0;
  pingMs: number | undefined;
  runningSince: number | undefined;
  lastError: LastError | undefined;
  /** Strings to hide in any message kept or emitted (the resolved header values). */
  secrets: string[] = [];
  private lastErrorObject: unknown;

  constructor(private readonly clock: Clock) {}

  /** Counts an error and keeps it (redacted) as `lastError`; the same error object counts once. */
  recordError(err: unknown): LastError | undefined {
    // The SDK reports many failures twice: through onerror, then by rejecting.
    if (err === this.lastErrorObject) return this.lastError;
    this.lastErrorObject = err;
    this.errors += 1;
    const code = (err as { code?: unknown } | undefined)?.code;
    this.lastError = {
      message: this.redact(err),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      at: this.clock.now(),
    };
    return this.lastError;
  }

  /** An error's message with every secret replaced by `***`. */
  redact(err: unknown): string {
    return redactSecrets(errorMessage(err), this.secrets);
  }

  /** The health snapshot. */
  snapshot(
    name: string,
    state: ConnectionState,
    transport: TransportKind | undefined,
    client: Client,
    protocolVersion: string | undefined,
  ): ConnectionHealth {
    const info = client.getServerVersion();
    return {
      name,
      state,
      transport,
      uptimeMs: this.runningSince === undefined ? 0 : Math.max(0, this.clock.now() - this.runningSince),
      reconnects: this.reconnects,
      sessionRenewals: this.sessionRenewals,
      lastError: this.lastError,
      tools: this.tools,
      pingMs: this.pingMs,
      ...this.traffic,
      errors: this.errors,
      serverInfo: info ? { name: info.name, version: info.version } : undefined,
      protocolVersion,
    };
  }
}

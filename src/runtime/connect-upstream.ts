/**
 * Opens the MCP session with a freshly spawned server: `initialize`, then a tool count, under one deadline.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError,
  type ClientCapabilities,
  type Implementation,
} from '@modelcontextprotocol/sdk/types.js';

import { listAllTools } from '../core/list-tools.js';
import { PlatformErrorCode, errorMessage } from '../errors.js';

import { RuntimeError, isRuntimeError } from './errors.js';

/** Options of {@link connectUpstream}. */
export interface ConnectUpstreamOptions {
  /** Deadline for `initialize` plus the tool listing. */
  readonly timeoutMs: number;
  /** How the platform introduces itself to the server. */
  readonly clientInfo: Implementation;
  /** Capabilities the platform's client declares. Default none. */
  readonly capabilities?: ClientCapabilities;
}

/** An initialized upstream session. */
export interface UpstreamSession {
  readonly client: Client;
  /** Number of tools the server lists (0 when it has no tools capability). */
  readonly tools: number;
}

/**
 * Connects an SDK `Client` over `transport` and counts the server's tools (following pagination). Rejects with
 * `START_TIMEOUT`, `CONNECTION_LOST` (the server closed stdout) or `INITIALIZE_FAILED`; the client is closed then.
 * @example const { client, tools } = await connectUpstream(transport, { timeoutMs: 30000, clientInfo });
 */
export async function connectUpstream(
  transport: Transport,
  options: ConnectUpstreamOptions,
): Promise<UpstreamSession> {
  const client = new Client(options.clientInfo, { capabilities: options.capabilities ?? {} });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const request = { signal: deadline.signal, timeout: options.timeoutMs };
  try {
    await client.connect(transport, request);
    const tools = (await listAllTools(client, request)).length;
    return { client, tools };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw classify(err, deadline.signal.aborted, options.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function classify(err: unknown, timedOut: boolean, timeoutMs: number): RuntimeError {
  if (isRuntimeError(err) && err.code === PlatformErrorCode.ConnectionLost) return err;
  if (timedOut || (err instanceof McpError && err.code === ErrorCode.RequestTimeout)) {
    return new RuntimeError(
      PlatformErrorCode.StartTimeout,
      `server did not complete initialize within ${timeoutMs} ms`,
      { timeoutMs },
      { cause: err, hint: 'check the server log; raise startTimeoutMs if it is just slow to start' },
    );
  }
  if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) {
    return new RuntimeError(PlatformErrorCode.ConnectionLost, 'server closed its stdout during initialize', {
      phase: 'start',
    });
  }
  return new RuntimeError(
    PlatformErrorCode.InitializeFailed,
    `initialize failed: ${errorMessage(err)}`,
    { cause: errorMessage(err) },
    { cause: err },
  );
}

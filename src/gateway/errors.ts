/**
 * JSON-RPC errors the gateway itself answers with (wire errors, `McpError` with numeric codes). Errors of an
 * upstream server are passed through unchanged.
 * @module
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** Numeric codes of the gateway's own errors (implementation-defined JSON-RPC range). */
export enum GatewayErrorCode {
  /** The server a request routes to is not running. `data`: `{ server, state }`. */
  ServerUnavailable = -32010,
  /** A server asked for sampling, elicitation or roots and no client session can answer. `data`: `{ server, method, reason }`. */
  NoClientForRequest = -32011,
  /** The upstream server did not answer in time. `data`: `{ server, method, timeoutMs }`. */
  UpstreamTimeout = -32012,
  /** The server failed repeatedly; calls are refused for a while. `data`: `{ server, reason, retryInMs }`. */
  CircuitOpen = -32013,
}

/**
 * The text of an error as it goes on the wire. The SDK's `McpError` puts `MCP error <code>: ` before its
 * message, and an SDK client puts it there again when it receives one: the gateway sends the message
 * without it, so a client shows the prefix once. Other errors keep their message.
 */
export function wireMessage(err: { code?: unknown; message: string }): string {
  if (!(err instanceof McpError)) return err.message;
  const prefix = `MCP error ${String(err.code)}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/** Why a server is unavailable, when known. */
export interface UnavailableDetail {
  /** The last error of the server. */
  reason?: string | undefined;
  /** Epoch ms of the next automatic restart. */
  retryAt?: number | undefined;
  /** `during`: the connection closed while the request was out (it may have been processed). */
  phase?: 'before' | 'during';
}

/** The server `server` is not running (or its connection closed mid-request). */
export function serverUnavailable(server: string, state: string, detail: UnavailableDetail = {}): McpError {
  const parts = [`server "${server}" is not available (state: ${state})`];
  if (detail.reason) parts.push(`last error: ${detail.reason}`);
  if (detail.retryAt !== undefined) {
    parts.push(`next restart in ${Math.max(0, Math.ceil((detail.retryAt - Date.now()) / 1000))} s`);
  }
  return new McpError(GatewayErrorCode.ServerUnavailable, parts.join('; '), {
    server,
    state,
    phase: detail.phase ?? 'before',
    ...(detail.reason ? { reason: detail.reason } : {}),
    ...(detail.retryAt !== undefined ? { retryAt: new Date(detail.retryAt).toISOString() } : {}),
  });
}

/** Calls to `server` are refused by its circuit breaker for `retryInMs`. */
export function circuitOpen(server: string, reason: string, retryInMs: number): McpError {
  return new McpError(
    GatewayErrorCode.CircuitOpen,
    `server "${server}" is failing (${reason}); calls are refused for ${Math.ceil(retryInMs / 1000)} s`,
    { server, reason, retryInMs },
  );
}

/** No downstream session can take a server-to-client request. */
export function noClientFor(server: string, method: string, reason: string): McpError {
  return new McpError(
    GatewayErrorCode.NoClientForRequest,
    `no client session can answer ${method} for server "${server}": ${reason}`,
    { server, method, reason },
  );
}

/** The upstream server did not answer in time. */
export function upstreamTimeout(server: string, method: string, timeoutMs: number): McpError {
  return new McpError(
    GatewayErrorCode.UpstreamTimeout,
    `server "${server}" did not answer ${method} within ${timeoutMs} ms`,
    { server, method, timeoutMs },
  );
}

/** A tool, prompt or resource the endpoint does not expose. */
export function unknownName(kind: 'tool' | 'prompt' | 'resource', name: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `unknown ${kind}: ${name}`, { [kind]: name });
}

/**
 * An error answer passed on with the code, message and data the other side sent. (An SDK `McpError` adds
 * `MCP error <code>: ` to the message it was given; relaying one as is would add that prefix once more.)
 */
export class RelayedError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RelayedError';
  }
}

/** Turns an `McpError` received from a peer back into the error that peer sent. */
export function relay(err: McpError): RelayedError {
  return new RelayedError(err.code, wireMessage(err), err.data);
}

/** A malformed request parameter. */
export function invalidParams(message: string): McpError {
  return new McpError(ErrorCode.InvalidParams, message);
}

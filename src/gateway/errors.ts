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
}

/** The server `server` is not running (or its connection closed mid-request). */
export function serverUnavailable(server: string, state: string): McpError {
  return new McpError(
    GatewayErrorCode.ServerUnavailable,
    `server "${server}" is not available (state: ${state})`,
    { server, state },
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
  const prefix = `MCP error ${err.code}: `;
  const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return new RelayedError(err.code, message, err.data);
}

/** A malformed request parameter. */
export function invalidParams(message: string): McpError {
  return new McpError(ErrorCode.InvalidParams, message);
}

/**
 * Typed errors of the transports layer and the predicates that classify errors raised by SDK transports
 * (session expired, legacy-server fallback, connection lost).
 * @module
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';

import { isPlatformError } from '../errors.js';

/** Machine-readable codes of `TransportError`. */
export enum TransportErrorCode {
  /** The URL's scheme does not fit the requested transport, or is unknown. `data`: `{ url, transport }` (URL redacted). */
  UnsupportedUrl = 'TRANSPORT_UNSUPPORTED_URL',
  /** A step (connect, initialize, list tools, session renewal) took too long. `data`: `{ step, ms }`. */
  Timeout = 'UPSTREAM_TIMEOUT',
  /** Too many consecutive pings failed. `data`: `{ failed }`. */
  Unresponsive = 'UPSTREAM_UNRESPONSIVE',
  /** The server forgot the session and re-initializing failed. `data`: `{ status }`. */
  SessionRenewFailed = 'SESSION_RENEW_FAILED',
  /** The transport is not connected (not started, or closed). `data`: `{ kind }`. */
  NotConnected = 'TRANSPORT_NOT_CONNECTED',
  /** The connection was stopped, or did not reach `running` in time. `data`: `{ name, state }`. */
  NotRunning = 'UPSTREAM_NOT_RUNNING',
}

/** An error raised on purpose by a transport or an upstream connection. */
export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransportError';
    this.hint = options?.hint;
  }

  /** How to fix it, one sentence. */
  readonly hint: string | undefined;
}

/** Non-retryable: retrying cannot help until the configuration changes. */
export function isPermanentError(e: unknown): boolean {
  // A PlatformError here comes from header templates (missing env var or secret).
  return isPlatformError(e) || (e instanceof TransportError && e.code === TransportErrorCode.UnsupportedUrl);
}

const SESSION_BODY = /session/i;
const SESSION_GONE = /not found|no valid|invalid|unknown|expired|missing|terminated/i;

/**
 * Whether a Streamable HTTP error means "the server no longer knows this session". The spec says 404;
 * some servers answer 400 or 401 with a body such as "No valid session ID provided" instead.
 */
export function isSessionExpiredError(e: unknown): boolean {
  if (!(e instanceof StreamableHTTPError)) return false;
  if (e.code === 404) return true;
  return (e.code === 400 || e.code === 401) && SESSION_BODY.test(e.message) && SESSION_GONE.test(e.message);
}

/** Whether a failed Streamable HTTP `initialize` POST means "legacy HTTP+SSE server" (spec: 400, 404, 405). */
export function isLegacyServerResponse(e: unknown): boolean {
  return e instanceof StreamableHTTPError && (e.code === 400 || e.code === 404 || e.code === 405);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOENT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const NETWORK_TEXT = /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|other side closed/i;

/**
 * Whether an error reported while connected means the connection is gone: the server is unreachable,
 * or the legacy SSE stream (which *is* the session) broke. Other errors (an HTTP 500, a bad message)
 * are counted but do not force a reconnect.
 */
export function isConnectionLost(e: unknown): boolean {
  if (e instanceof SseError) return true;
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (NETWORK_TEXT.test(cur.message)) return true;
  }
  return false;
}

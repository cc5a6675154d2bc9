/**
 * Errors of the transports layer (`PlatformError` subclasses, with the {@link TransportErrorCode} subset of
 * `PlatformErrorCode`) and the predicates that classify errors raised by SDK transports (session expired,
 * legacy-server fallback, connection lost).
 * @module
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';

import { PlatformError, PlatformErrorCode, isPlatformError } from '../errors.js';

/** The `PlatformErrorCode`s the transports raise. */
export type TransportErrorCode =
  | PlatformErrorCode.TransportUnsupportedUrl
  | PlatformErrorCode.UpstreamTimeout
  | PlatformErrorCode.UpstreamUnresponsive
  | PlatformErrorCode.SessionRenewFailed
  | PlatformErrorCode.TransportNotConnected
  | PlatformErrorCode.UpstreamNotRunning;

/** An error raised on purpose by a transport or an upstream connection; a connection retries after it. */
export class TransportError extends PlatformError {
  declare readonly code: TransportErrorCode;

  constructor(
    code: TransportErrorCode,
    message: string,
    data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(code, message, data, options);
    this.name = 'TransportError';
  }
}

/**
 * A transport error that retrying cannot fix until the configuration changes (`TRANSPORT_UNSUPPORTED_URL`):
 * the connection goes to `failed` instead of backing off.
 */
export class NonRetryableTransportError extends TransportError {
  constructor(
    code: PlatformErrorCode.TransportUnsupportedUrl,
    message: string,
    data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(code, message, data, options);
    this.name = 'NonRetryableTransportError';
  }
}

/**
 * Whether an error raised while connecting to a remote server is permanent: retrying cannot help until the
 * configuration changes. Other errors (SDK, socket, retryable `TransportError`s) lead to a reconnect.
 */
export function isPermanentError(e: unknown): boolean {
  if (e instanceof TransportError) return e instanceof NonRetryableTransportError;
  // Any other PlatformError here comes from header templates (missing env var or secret).
  return isPlatformError(e);
}

/** A remote server failed `failed` pings in a row. */
export function unresponsiveError(failed: number, cause: unknown): TransportError {
  return new TransportError(
    PlatformErrorCode.UpstreamUnresponsive,
    `${failed} pings in a row failed`,
    { failed },
    { cause },
  );
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
 * Whether the SDK's Streamable HTTP client reports an event stream cut mid-way (`SSE stream disconnected:
 * TypeError: terminated`: the server died or the socket was reset). With requests in flight the answers on
 * that stream are lost; with none it may only have been the standalone stream of a server that restarted.
 */
export function isStreamCut(e: unknown): boolean {
  return e instanceof Error && /stream disconnected: TypeError: terminated/i.test(e.message);
}

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

/**
 * The transport factory: picks a `RemoteTransport` implementation from a remote server definition.
 * Adding a transport is one new file plus one entry in `transportRegistry`.
 * @module
 */
import type { StreamableHTTPReconnectionOptions } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

import type { RemoteServerConfig } from '../config/schema.js';
import { transportForUrl } from '../config/transport-url.js';
import { guardedFetch, type UrlPolicy } from '../security/ssrf.js';
import { PlatformErrorCode } from '../errors.js';
import { AutoTransport } from './auto-transport.js';
import { NonRetryableTransportError } from './errors.js';
import { redactUrl } from './redact.js';
import { SseTransport } from './sse.js';
import { StreamableHttpTransport } from './streamable-http.js';
import type { RemoteTransport, TransportKind } from './types.js';
import { UnixSocketClientTransport, socketPathFromUrl } from './unix-socket.js';
import { WebSocketClientTransport } from './websocket-client.js';

/** A concrete kind, or `auto` (Streamable HTTP with fallback to legacy SSE). */
export type TransportStrategy = TransportKind | 'auto';

/** The part of a server definition the factory reads. */
export type RemoteEndpoint = Pick<RemoteServerConfig, 'url' | 'transport'>;

/** Knobs passed to every transport constructor; each uses the ones that apply to it. */
export interface CreateTransportOptions {
  /** Custom fetch for the HTTP transports. */
  fetch?: FetchLike;
  /** Outbound policy: every HTTP request and redirect is checked against it (see security/ssrf.ts). */
  urlPolicy?: UrlPolicy;
  /** WebSocket opening-handshake deadline. */
  handshakeTimeoutMs?: number;
  /** Streamable HTTP: re-initialize when the server forgets the session (default true). */
  renewSession?: boolean;
  /** Streamable HTTP: deadline of one renewal. */
  renewTimeoutMs?: number;
  /** Streamable HTTP: called after each session renewal. */
  onSessionRenewed?: () => void;
  /** Streamable HTTP: how the SDK re-opens a dropped standalone GET stream. */
  streamReconnection?: StreamableHTTPReconnectionOptions;
}

/** Builds one transport. `headers` are already resolved; transports without HTTP ignore them. */
export type TransportConstructor = (
  url: string,
  headers: Record<string, string>,
  options: CreateTransportOptions,
) => RemoteTransport;

/** Kind (or `auto`) → constructor. The single place that knows every implementation. */
export const transportRegistry: Readonly<Record<TransportStrategy, TransportConstructor>> = {
  'streamable-http': (url, headers, o) =>
    new StreamableHttpTransport(new URL(url), {
      headers,
      fetch: o.fetch,
      renewSession: o.renewSession,
      renewTimeoutMs: o.renewTimeoutMs,
      onSessionRenewed: o.onSessionRenewed,
      reconnectionOptions: o.streamReconnection,
    }),
  sse: (url, headers, o) => new SseTransport(new URL(url), { headers, fetch: o.fetch }),
  websocket: (url, headers, o) =>
    new WebSocketClientTransport(new URL(url), { headers, handshakeTimeoutMs: o.handshakeTimeoutMs }),
  unix: (url) => new UnixSocketClientTransport(socketPathFromUrl(url)),
  auto: (url, headers, o) =>
    new AutoTransport({
      streamableHttp: () => transportRegistry['streamable-http'](url, headers, o),
      sse: () => transportRegistry.sse(url, headers, o),
    }),
};

/**
 * Which strategy a definition asks for. The URL scheme decides for `unix:` and `ws(s):`; for http(s) the
 * `transport` field does (`auto` by default). A contradiction (e.g. `transport: websocket` on an http URL)
 * is a configuration error.
 */
export function resolveTransportStrategy(def: RemoteEndpoint): TransportStrategy {
  const check = transportForUrl(def.url, def.transport);
  if (check.ok) return check.strategy;
  const message = check.unsupportedScheme
    ? `unsupported URL scheme in ${redactUrl(def.url)}`
    : `transport "${def.transport}" cannot reach ${redactUrl(def.url)}`;
  throw new NonRetryableTransportError(
    PlatformErrorCode.TransportUnsupportedUrl,
    message,
    { url: redactUrl(def.url), transport: def.transport },
    { hint: check.hint },
  );
}

/**
 * Builds the transport for a remote server definition. Nothing is connected until `start()` (which
 * `Client.connect` calls).
 *
 * @example
 * const headers = await resolveRecord(def.headers, resolvers);
 * const transport = createTransport(def, headers);
 * await new Client({ name: 'mcp-platform', version: '0.1.0' }).connect(transport);
 * transport.kind; // for `auto`: 'streamable-http' or 'sse'
 */
export function createTransport(
  def: RemoteEndpoint,
  resolvedHeaders: Record<string, string>,
  options: CreateTransportOptions = {},
): RemoteTransport {
  const guarded = options.urlPolicy
    ? { ...options, fetch: guardedFetch(options.urlPolicy, options.fetch) }
    : options;
  return transportRegistry[resolveTransportStrategy(def)](def.url, resolvedHeaders, guarded);
}

/**
 * Legacy HTTP+SSE (protocol version 2024-11-05): the SDK's `SSEClientTransport`, tagged with its kind.
 * The SSE stream *is* the session: when it breaks, the transport reports an `SseError` and the upstream
 * connection reconnects (a new stream means a new, uninitialized session).
 * @module
 */
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

import type { RemoteTransport } from './types.js';

/** Options of `SseTransport`. */
export interface SseOptions {
  /** Headers sent on the GET stream and on every POST (already resolved; never logged). */
  headers?: Record<string, string>;
  /** Custom fetch; defaults to the global fetch. */
  fetch?: FetchLike;
}

/**
 * Client transport for legacy HTTP+SSE servers: GET `url` for the event stream, POST to the endpoint
 * the server announces.
 *
 * @example
 * await client.connect(new SseTransport(new URL('http://127.0.0.1:3001/sse')));
 */
export class SseTransport extends SSEClientTransport implements RemoteTransport {
  readonly kind = 'sse' as const;

  constructor(url: URL, options: SseOptions = {}) {
    super(url, { requestInit: { headers: options.headers }, fetch: options.fetch });
  }
}

/**
 * Streamable HTTP: the SDK's `StreamableHTTPClientTransport`, plus transparent session renewal. When the
 * server has forgotten the session (it restarted, or expired it) it answers 404, or wrongly 400/401 with a
 * "session not found"-like body. This transport then re-initializes with the parameters the `Client`
 * used the first time, on a fresh SDK transport, and re-sends the message that failed; the `Client`
 * above, its handlers and its pending requests are untouched.
 * @module
 */
import {
  StreamableHTTPClientTransport,
  type StreamableHTTPReconnectionOptions,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import { PlatformErrorCode } from '../errors.js';
import { TransportError, isSessionExpiredError } from './errors.js';
import { withTimeout } from './timeout.js';
import type { RemoteTransport } from './types.js';

/** Options of `StreamableHttpTransport`. */
export interface StreamableHttpOptions {
  /** Headers sent on every request (already resolved; they are never logged). */
  headers?: Record<string, string>;
  /** Re-initialize when the server forgets the session. Default true. */
  renewSession?: boolean;
  /** Deadline for one renewal (initialize round trip). Default 10 000 ms. */
  renewTimeoutMs?: number;
  /** Called after each successful renewal. */
  onSessionRenewed?: () => void;
  /** Custom fetch (e.g. a proxy agent); defaults to the global fetch. */
  fetch?: FetchLike;
  /** Reconnection of the standalone GET stream, passed to the SDK transport. */
  reconnectionOptions?: StreamableHTTPReconnectionOptions;
}

/**
 * Streamable HTTP client transport with session renewal.
 *
 * @example
 * const transport = new StreamableHttpTransport(new URL('https://example.com/mcp'), {
 *   headers: { Authorization: 'Bearer …' },
 * });
 * await client.connect(transport);
 */
export class StreamableHttpTransport implements RemoteTransport {
  readonly kind = 'streamable-http' as const;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private inner: StreamableHTTPClientTransport;
  private initParams: unknown;
  private protocolVersion: string | undefined;
  private renewal: Promise<void> | undefined;
  private pending: { id: string; settle: (reply: JSONRPCMessage) => void } | undefined;
  private renewals = 0;
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly options: StreamableHttpOptions = {},
  ) {
    this.inner = this.create();
  }

  /** The current session id (changes after a renewal). */
  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  /** How many times the session was renewed. */
  get sessionRenewals(): number {
    return this.renewals;
  }

  /** Starts the underlying SDK transport. */
  start(): Promise<void> {
    return this.inner.start();
  }

  /** Remembers the negotiated version, to send it again after a renewal. */
  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
    this.inner.setProtocolVersion(version);
  }

  /** Sends a message; renews the session and re-sends once if the server forgot the session. */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (isInitializeRequest(message)) this.initParams = message.params;
    const used = this.inner;
    try {
      await used.send(message, options);
    } catch (err) {
      if (!this.canRenew(used, err)) throw err;
      await this.renew(used);
      await this.inner.send(message, options);
    }
  }

  /** Ends the session politely (HTTP DELETE); servers may answer 405, which is fine. */
  terminateSession(): Promise<void> {
    return this.inner.terminateSession();
  }

  /** Aborts open streams and calls `onclose`. */
  async close(): Promise<void> {
    this.closed = true;
    await this.inner.close();
  }

  private canRenew(used: StreamableHTTPClientTransport, err: unknown): boolean {
    // Without a session id a 404 means a wrong URL (or a legacy server), not an expired session.
    return (
      !this.closed &&
      this.options.renewSession !== false &&
      this.initParams !== undefined &&
      used.sessionId !== undefined &&
      isSessionExpiredError(err)
    );
  }

  private create(): StreamableHTTPClientTransport {
    const t = new StreamableHTTPClientTransport(this.url, {
      requestInit: { headers: this.options.headers },
      fetch: this.options.fetch,
      reconnectionOptions: this.options.reconnectionOptions,
    });
    t.onmessage = (message: JSONRPCMessage) => {
      const pending = this.pending;
      if (pending && 'id' in message && message.id === pending.id && !('method' in message)) {
        pending.settle(message);
        return;
      }
      if (t === this.inner) this.onmessage?.(message);
    };
    t.onerror = (error) => {
      if (t !== this.inner) return; // a renewing transport reports through renew()'s rejection
      if (this.canRenew(t, error)) {
        // A failing send renews too (same promise); this also covers the standalone GET stream.
        this.renew(t).catch(() => undefined);
        return;
      }
      this.onerror?.(error);
    };
    t.onclose = () => {
      if (t === this.inner) this.onclose?.();
    };
    return t;
  }

  private renew(stale: StreamableHTTPClientTransport): Promise<void> {
    if (stale !== this.inner) return Promise.resolve();
    this.renewal ??= this.replace(stale).finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  private async replace(stale: StreamableHTTPClientTransport): Promise<void> {
    const fresh = this.create();
    const id = `mcp-platform-renew-${this.renewals + 1}`;
    const reply = new Promise<JSONRPCMessage>((settle) => {
      this.pending = { id, settle };
    });
    try {
      await fresh.start();
      await fresh.send({ jsonrpc: '2.0', id, method: 'initialize', params: this.initParams as never });
      const answer = await withTimeout(reply, this.options.renewTimeoutMs ?? 10_000, 'session renewal');
      if ('error' in answer) throw new Error(`initialize failed: ${answer.error.message}`);
      const result = 'result' in answer ? (answer.result as { protocolVersion?: unknown }) : {};
      const version =
        typeof result.protocolVersion === 'string' ? result.protocolVersion : this.protocolVersion;
      if (version) fresh.setProtocolVersion(version);
      await fresh.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    } catch (err) {
      await fresh.close().catch(() => undefined);
      const error = new TransportError(
        PlatformErrorCode.SessionRenewFailed,
        `the server forgot the session and re-initializing failed: ${(err as Error).message}`,
        {},
        { cause: err },
      );
      // Reported once here, however many sends were waiting on this renewal.
      this.onerror?.(error);
      throw error;
    } finally {
      this.pending = undefined;
    }
    // Swap first: the stale transport's close() then reaches nobody (its handlers check `t === this.inner`).
    this.inner = fresh;
    this.renewals += 1;
    await stale.close().catch(() => undefined);
    this.options.onSessionRenewed?.();
  }
}

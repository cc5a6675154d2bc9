/**
 * A transparent JSON-RPC relay between two SDK transports: every message from the client side goes to the
 * upstream side and back, requests, notifications and responses alike, in both directions (so
 * server-to-client requests and their answers cross too). It reads only what it must: the `initialize`
 * answer, to tell the upstream transport the negotiated protocol version, and the answers to its own
 * keep-alive pings, which it swallows. `mcp connect` uses it as stdio <-> Streamable HTTP.
 * @module
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

/** Whether an upstream failure ends the relay (`fatal`) or only the message it concerned (`transient`). */
export type RelayFailure = 'fatal' | 'transient';

/** Why a relay ended. */
export type RelayEnd =
  | { readonly reason: 'client-closed' }
  | { readonly reason: 'upstream-lost'; readonly error: Error }
  | { readonly reason: 'client-lost'; readonly error: Error };

/** Options of {@link TransportRelay}. */
export interface TransportRelayOptions {
  /** The side the MCP client talks to (e.g. a `StdioServerTransport`). */
  client: Transport;
  /** The side towards the server (e.g. a `StreamableHTTPClientTransport`). */
  upstream: Transport;
  logger: Logger;
  /** Sorts an upstream error. Default: every error is fatal. */
  classify?(error: Error): RelayFailure;
  /**
   * Pings the upstream side every `intervalMs` once initialized, so a lost peer is noticed while idle and
   * the session stays in use; no answer within `timeoutMs` is fatal. Default off.
   */
  keepAlive?: { intervalMs: number; timeoutMs: number };
  /** Runs before the upstream transport closes when the client side ended (e.g. to end the HTTP session). */
  beforeUpstreamClose?(): Promise<void>;
}

const PING_PREFIX = 'mcp-connect:ping:';

/**
 * Relays between two transports until one side goes away.
 * @example
 * const relay = new TransportRelay({ client: new StdioServerTransport(), upstream: new StreamableHTTPClientTransport(url), logger });
 * await relay.start();
 * const end = await relay.ended; // { reason: 'client-closed' } when stdin closes
 */
export class TransportRelay {
  /** Resolves once, when the relay has ended and both transports are closed. */
  readonly ended: Promise<RelayEnd>;
  private resolveEnded!: (end: RelayEnd) => void;
  private ending = false;
  private readonly initializeIds = new Set<RequestId>();
  private readonly pings = new Map<string, (ok: boolean) => void>();
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pingCount = 0;

  constructor(private readonly o: TransportRelayOptions) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** Starts both transports and begins relaying. */
  async start(): Promise<void> {
    const { client, upstream } = this.o;
    client.onmessage = (message) => this.fromClient(message);
    client.onerror = (error) => this.o.logger.debug('client transport error', { error: error.message });
    client.onclose = () => void this.end({ reason: 'client-closed' });
    upstream.onmessage = (message) => this.fromUpstream(message);
    upstream.onerror = (error) => this.upstreamFailed(error);
    upstream.onclose = () =>
      void this.end({ reason: 'upstream-lost', error: new Error('the upstream connection closed') });
    await upstream.start();
    await client.start();
  }

  /** Ends the relay as if the client had left (ends the upstream session, closes both sides). */
  close(): Promise<void> {
    return this.end({ reason: 'client-closed' });
  }

  private fromClient(message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message) && message.method === 'initialize') this.initializeIds.add(message.id);
    this.o.upstream.send(message).catch((err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      if (this.upstreamFailed(error) === 'fatal' || !isJSONRPCRequest(message)) return;
      // The request never reached the server: the client gets an error instead of waiting forever.
      this.toClient({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: ErrorCode.InternalError, message: `gateway: ${error.message}` },
      });
    });
  }

  private fromUpstream(message: JSONRPCMessage): void {
    if ('id' in message && !('method' in message) && typeof message.id === 'string') {
      const settle = this.pings.get(message.id);
      if (settle) {
        this.pings.delete(message.id);
        return settle(isJSONRPCResultResponse(message));
      }
    }
    if (isJSONRPCResultResponse(message) && this.initializeIds.delete(message.id)) {
      const version = message.result.protocolVersion;
      if (typeof version === 'string') this.o.upstream.setProtocolVersion?.(version);
      this.startKeepAlive();
    }
    this.toClient(message);
  }

  private toClient(message: JSONRPCMessage): void {
    this.o.client.send(message).catch((err: unknown) => {
      void this.end({ reason: 'client-lost', error: err instanceof Error ? err : new Error(String(err)) });
    });
  }

  private upstreamFailed(error: Error): RelayFailure {
    if (this.ending) return 'fatal';
    const kind = this.o.classify?.(error) ?? 'fatal';
    if (kind === 'fatal') void this.end({ reason: 'upstream-lost', error });
    else this.o.logger.debug('upstream error', { error: error.message });
    return kind;
  }

  private startKeepAlive(): void {
    const keepAlive = this.o.keepAlive;
    if (!keepAlive || this.pingTimer || this.ending) return;
    this.pingTimer = setInterval(() => void this.ping(keepAlive.timeoutMs), keepAlive.intervalMs);
    this.pingTimer.unref?.();
  }

  private async ping(timeoutMs: number): Promise<void> {
    const id = `${PING_PREFIX}${++this.pingCount}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = new Promise<boolean>((resolve) => {
      this.pings.set(id, resolve);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    this.o.upstream.send({ jsonrpc: '2.0', id, method: 'ping' }).catch((err: unknown) => {
      this.pings.get(id)?.(false);
      this.upstreamFailed(err instanceof Error ? err : new Error(String(err)));
    });
    const ok = await answered;
    clearTimeout(timer);
    this.pings.delete(id);
    if (!ok && !this.ending) {
      void this.end({
        reason: 'upstream-lost',
        error: new Error(`no answer to a keep-alive ping within ${timeoutMs} ms`),
      });
    }
  }

  private async end(end: RelayEnd): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    clearInterval(this.pingTimer);
    for (const settle of this.pings.values()) settle(false);
    if (end.reason === 'client-closed') {
      await this.o
        .beforeUpstreamClose?.()
        .catch((err: unknown) =>
          this.o.logger.debug('ending the upstream session failed', { error: String(err) }),
        );
    }
    await this.o.upstream.close().catch(() => undefined);
    await this.o.client.close().catch(() => undefined);
    this.resolveEnded(end);
  }
}

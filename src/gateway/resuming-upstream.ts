/**
 * The gateway side of `mcp connect`, kept across restarts of the platform. It is an SDK `Transport` in
 * front of one connection to the gateway at a time. When that connection is lost after the session began
 * (the platform stopped or restarted, the socket died, a keep-alive ping went unanswered), it opens a new
 * one — reading the platform's address and credential anew — and replays the session there: the client's
 * own `initialize`, `notifications/initialized`, the log level it set and the resources it subscribed to.
 * Then it tells the client that the tool, prompt and resource lists may have changed.
 *
 * What the client sees meanwhile: a request that was in flight when the connection went gets an error (it
 * may or may not have been carried out; the client decides whether to retry); a request sent while the
 * connection is being reopened waits up to `holdMs` and goes out once it is back, or gets an error.
 * Notifications sent while no connection is open are dropped. A refusal no retry can cure (a revoked key,
 * a server no longer in the profile) ends it, as does a loss before the session began.
 * @module
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  isJSONRPCRequest,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import type { RelayFailure } from './transport-relay.js';

/** One connection to the gateway, not started yet. */
export interface UpstreamConnection {
  readonly transport: Transport;
  /** Ends the gateway session explicitly (an HTTP `DELETE`); closing the transport is enough otherwise. */
  endSession?(): Promise<void>;
}

/** Options of {@link ResumingUpstream}. */
export interface ResumingUpstreamOptions {
  /** A fresh connection to the gateway (where the platform is and which credential to use, read anew). */
  open(): Promise<UpstreamConnection>;
  /** Whether an error of a connection means it is gone (`fatal`) or concerned one message (`transient`). */
  classify(error: Error): RelayFailure;
  /** Errors that no retry cures (a refused credential, an unknown server): they end the upstream. */
  refused(error: Error): boolean;
  /** A `ping` every `intervalMs` while connected; no answer within `timeoutMs` counts as a lost connection. */
  keepAlive: { intervalMs: number; timeoutMs: number };
  /** How long a request sent while the connection is reopened waits for it. Default 10 s. */
  holdMs?: number;
  /** Delay between attempts to reopen: from `initialMs`, doubling up to `maxMs`. Default 250 ms to 5 s. */
  retry?: { initialMs: number; maxMs: number };
  logger: Logger;
  /** Told, in words for people, when the connection is lost and when the session is back. */
  onNotice?(message: string): void;
}

type State = 'idle' | 'connected' | 'resuming' | 'closed';

const OWN_ID = 'mcp-connect:';

interface Held {
  readonly message: JSONRPCRequest;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * A transport to the gateway that survives the loss of its connection.
 * @example
 * const upstream = new ResumingUpstream({ open: async () => ({ transport: new WebSocketClientTransport(url) }), classify, refused, keepAlive, logger });
 * new TransportRelay({ client: new StdioServerTransport(), upstream, logger });
 */
export class ResumingUpstream implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private state: State = 'idle';
  private connection: UpstreamConnection | undefined;
  /** The session began: the client's `initialize` was answered. */
  private began = false;
  private initialize: JSONRPCRequest | undefined;
  private initialized = false;
  private logLevel: unknown;
  private readonly subscriptions = new Set<string>();
  private protocolVersion: string | undefined;
  /** Requests of the client sent on the current connection and not answered yet. */
  private readonly inflight = new Set<RequestId>();
  private readonly held: Held[] = [];
  /** This upstream's own requests (replay, keep-alive) waiting for their answers. */
  private readonly own = new Map<string, { resolve(m: JSONRPCMessage): void; reject(e: Error): void }>();
  private ownCount = 0;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pinging = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;

  constructor(private readonly o: ResumingUpstreamOptions) {}

  /** Whether a session began (an `initialize` was answered) on some connection. */
  get hadSession(): boolean {
    return this.began;
  }

  /** Opens the first connection; its failure is the caller's. */
  async start(): Promise<void> {
    const connection = await this.o.open();
    this.attach(connection);
    await connection.transport.start();
    this.state = 'connected';
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.state === 'closed') throw new Error('the gateway connection is closed');
    this.record(message);
    const request = isJSONRPCRequest(message);
    if (this.state === 'resuming') {
      // While a new connection replays the session, the client's answers (to roots/list, say) go through.
      if (request) return this.hold(message);
      if (this.connection && !('method' in message)) return this.sendOn(this.connection, message);
      this.o.logger.debug('dropped while reconnecting', {
        method: 'method' in message ? message.method : '',
      });
      return;
    }
    if (request) this.inflight.add(message.id);
    return this.sendOn(this.connection!, message);
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
    this.connection?.transport.setProtocolVersion?.(version);
  }

  /** Ends the gateway session (where the transport needs an explicit end) before closing. */
  async endSession(): Promise<void> {
    await this.connection?.endSession?.();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.stopKeepAlive();
    clearTimeout(this.retryTimer);
    for (const h of this.held.splice(0)) clearTimeout(h.timer);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.transport.close().catch(() => undefined);
    this.onclose?.();
  }

  /** Remembers what a new connection must replay. */
  private record(message: JSONRPCMessage): void {
    if (!('method' in message)) return;
    const params = (message.params ?? {}) as Record<string, unknown>;
    if (isJSONRPCRequest(message) && message.method === 'initialize') this.initialize = message;
    else if (message.method === 'notifications/initialized') this.initialized = true;
    else if (message.method === 'logging/setLevel') this.logLevel = params.level;
    else if (message.method === 'resources/subscribe' && typeof params.uri === 'string')
      this.subscriptions.add(params.uri);
    else if (message.method === 'resources/unsubscribe' && typeof params.uri === 'string')
      this.subscriptions.delete(params.uri);
  }

  private async sendOn(connection: UpstreamConnection, message: JSONRPCMessage): Promise<void> {
    try {
      await connection.transport.send(message);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (this.o.classify(error) === 'transient' || connection !== this.connection || !this.began)
        throw error;
      // The connection is gone and the request never left: it goes out again on the next one.
      if (isJSONRPCRequest(message) && this.inflight.delete(message.id)) this.hold(message);
      this.lost(error);
    }
  }

  private attach(connection: UpstreamConnection): void {
    this.connection = connection;
    const { transport } = connection;
    transport.onmessage = (message) => {
      if (connection === this.connection) this.fromGateway(message);
    };
    const gone = (error: Error): void => {
      if (connection !== this.connection) return;
      // A connection lost while it replays the session fails that replay at once.
      if (this.state === 'resuming') this.rejectOwn(error);
      else this.lost(error);
    };
    transport.onerror = (error) => {
      if (connection !== this.connection) return;
      if (this.o.classify(error) === 'fatal') gone(error);
      else this.onerror?.(error);
    };
    transport.onclose = () => gone(new Error('the connection to the gateway closed'));
  }

  private fromGateway(message: JSONRPCMessage): void {
    if ('id' in message && !('method' in message)) {
      if (typeof message.id === 'string' && message.id.startsWith(OWN_ID)) {
        const waiter = this.own.get(message.id);
        this.own.delete(message.id);
        return waiter?.resolve(message);
      }
      if (message.id !== undefined) this.inflight.delete(message.id);
      if (message.id === this.initialize?.id && 'result' in message) {
        this.began = true;
        this.startKeepAlive();
      }
    }
    this.onmessage?.(message);
  }

  /** A request of this upstream's own (replay, keep-alive); resolves with the answer. */
  private ownRequest(method: string, params: unknown, timeoutMs: number): Promise<JSONRPCMessage> {
    const id = `${OWN_ID}${++this.ownCount}`;
    const connection = this.connection!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.own.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.own.set(id, {
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const request = { jsonrpc: '2.0' as const, id, method, ...(params ? { params } : {}) };
      connection.transport.send(request as JSONRPCMessage).catch((err: unknown) => {
        clearTimeout(timer);
        this.own.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
  }

  private rejectOwn(error: Error): void {
    const waiters = [...this.own.values()];
    this.own.clear();
    for (const w of waiters) w.reject(error);
  }

  private startKeepAlive(): void {
    const { intervalMs, timeoutMs } = this.o.keepAlive;
    if (this.pingTimer || this.state !== 'connected') return;
    this.pingTimer = setInterval(() => {
      if (this.pinging) return;
      this.pinging = true;
      const connection = this.connection;
      this.ownRequest('ping', undefined, timeoutMs)
        .catch(() => {
          if (connection === this.connection)
            this.lost(new Error(`no answer to a keep-alive ping within ${timeoutMs} ms`));
        })
        .finally(() => (this.pinging = false));
    }, intervalMs);
    this.pingTimer.unref?.();
  }

  private stopKeepAlive(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.pinging = false;
  }

  /** The current connection is gone: end (no session to resume yet) or start reopening. */
  private lost(error: Error): void {
    if (this.state !== 'connected') return;
    const connection = this.connection;
    this.connection = undefined;
    this.stopKeepAlive();
    this.rejectOwn(error);
    void connection?.transport.close().catch(() => undefined);
    if (!this.began) return this.fail(error);
    this.state = 'resuming';
    for (const id of this.inflight) {
      this.answerError(
        id,
        'mcp connect: the connection to the gateway was lost during this request; it may or may not have been carried out',
      );
    }
    this.inflight.clear();
    this.o.onNotice?.(`lost the gateway (${error.message}); reconnecting`);
    this.attempts = 0;
    this.retryTimer = setTimeout(() => void this.reopen(), 0);
  }

  /** Ends for good: the relay learns of `error` and of the close. */
  private fail(error: Error): void {
    if (this.state === 'closed') return;
    this.onerror?.(error);
    void this.close();
  }

  private scheduleReopen(): void {
    if (this.state !== 'resuming') return;
    const { initialMs, maxMs } = this.o.retry ?? { initialMs: 250, maxMs: 5000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempts, 16));
    this.attempts++;
    this.retryTimer = setTimeout(() => void this.reopen(), delay);
  }

  /** One attempt to open a connection and replay the session on it. */
  private async reopen(): Promise<void> {
    if (this.state !== 'resuming') return;
    let connection: UpstreamConnection;
    try {
      connection = await this.o.open();
      if (this.state !== 'resuming') return void connection.transport.close().catch(() => undefined);
      this.attach(connection);
      await connection.transport.start();
      await this.replay();
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const failed = this.connection;
      this.connection = undefined;
      void failed?.transport.close().catch(() => undefined);
      if (this.o.refused(error)) return this.fail(error);
      this.o.logger.debug('reconnecting failed', { error: error.message });
      return this.scheduleReopen();
    }
    if (this.state !== 'resuming') return;
    this.state = 'connected';
    this.startKeepAlive();
    this.o.onNotice?.('reconnected to the gateway; the session goes on');
    for (const { message, timer } of this.held.splice(0)) {
      clearTimeout(timer);
      this.inflight.add(message.id);
      void this.sendOn(this.connection!, message).catch((err: unknown) =>
        this.answerError(message.id, `gateway: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
  }

  /** The client's session on a new connection: initialize, initialized, log level, subscriptions. */
  private async replay(): Promise<void> {
    const { timeoutMs } = this.o.keepAlive;
    const answer = await this.ownRequest('initialize', this.initialize!.params, timeoutMs);
    if (!('result' in answer)) {
      const message = 'error' in answer ? answer.error.message : 'no result';
      throw new Error(`the gateway did not take the session again: ${message}`);
    }
    const result = answer.result as { protocolVersion?: unknown; capabilities?: Record<string, unknown> };
    const version =
      typeof result.protocolVersion === 'string' ? result.protocolVersion : this.protocolVersion;
    if (version) this.connection!.transport.setProtocolVersion?.(version);
    if (this.initialized)
      await this.connection!.transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    if (this.logLevel !== undefined)
      await this.ownRequest('logging/setLevel', { level: this.logLevel }, timeoutMs);
    for (const uri of this.subscriptions) await this.ownRequest('resources/subscribe', { uri }, timeoutMs);
    // The new session may see other servers and tools than the lost one did.
    const capabilities = result.capabilities ?? {};
    for (const kind of ['tools', 'prompts', 'resources']) {
      const listChanged = (capabilities[kind] as { listChanged?: boolean } | undefined)?.listChanged;
      if (listChanged) this.onmessage?.({ jsonrpc: '2.0', method: `notifications/${kind}/list_changed` });
    }
  }

  private hold(message: JSONRPCRequest): void {
    const holdMs = this.o.holdMs ?? 10_000;
    const timer = setTimeout(() => {
      const i = this.held.findIndex((h) => h.message === message);
      if (i !== -1) this.held.splice(i, 1);
      this.answerError(
        message.id,
        `mcp connect: the gateway is not reachable (reconnecting); is the platform running? Start it with \`mcp up --detach\``,
      );
    }, holdMs);
    timer.unref?.();
    this.held.push({ message, timer });
  }

  private answerError(id: RequestId, message: string): void {
    this.onmessage?.({ jsonrpc: '2.0', id, error: { code: ErrorCode.InternalError, message } });
  }
}

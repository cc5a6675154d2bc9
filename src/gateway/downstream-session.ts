/**
 * One client session: an SDK `Server` on the session's own transport (a stateful
 * `StreamableHTTPServerTransport`, or an `SSEServerTransport` for legacy HTTP+SSE clients). The SDK answers
 * `initialize` (version negotiation, the client's capabilities), `ping` and cancellation; every other
 * method reaches {@link DownstreamSession.dispatch} through the server's `fallbackRequestHandler`, which
 * hands the raw request to the forwarding handlers — so no SDK schema re-parses (and trims) what crosses.
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError,
  type JSONRPCMessage,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type LoggingLevel,
  type RequestId,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

import { Cancellation } from './cancellation.js';
import { RequestExtra } from './request-extra.js';
import { relay } from './errors.js';
import type { GatewayContext, MethodHandler, Scope, SessionView, UpstreamAccess } from './gateway-context.js';
import { listChangedMethod } from './list-cache.js';
import { passes } from './log-levels.js';
import { errorOf, handlerOf, isTaskRelated } from './method-table.js';
import { exposedUri } from './namespacing.js';
import { ListSnapshots } from './pagination.js';
import { paramsOf, sendRaw, type JsonObject } from './passthrough.js';
import { PrivateUpstreams } from './private-upstreams.js';
import { restrictTools, type ToolPolicy } from './tool-policy.js';

/**
 * What the gateway declares to every client: the full set, because servers come and go during a session
 * (a list is simply empty while no server of the scope offers that feature).
 */
export const GATEWAY_CAPABILITIES: ServerCapabilities = Object.freeze({
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  completions: {},
  logging: {},
});

const LIST_CHANGED = [
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/resources/list_changed',
];

/** Options of {@link DownstreamSession}. */
export interface DownstreamSessionOptions {
  ctx: GatewayContext;
  scope: Scope;
  serverInfo: Implementation;
  instructions?: string | undefined;
  /**
   * The session's transport, not yet started. Its `sessionId` is the session's id once known (Streamable
   * HTTP assigns it at `initialize`; the legacy SSE transport at construction).
   */
  transport: Transport;
  /** How long a client has to answer a request relayed from a server (sampling, elicitation, roots). */
  clientRequestTimeoutMs: number;
  /**
   * Who opened the session (a fingerprint of the credential it was opened with, '' without auth): requests
   * for it that carry another credential are answered as if it did not exist.
   */
  owner?: string;
  /** Tool allowlist of the API key that opened the session (globs over exposed names; empty: all). */
  keyTools?: readonly string[];
}

/** A client session of the gateway. */
export class DownstreamSession implements SessionView {
  readonly server: Server;
  readonly transport: Transport;
  readonly scope: Scope;
  /** The level the client chose with `logging/setLevel`; messages below it are not sent. */
  logLevel: LoggingLevel | undefined;
  /** Snapshots of the aggregated lists this session is paging through. */
  readonly snapshots = new ListSnapshots();
  /** Fingerprint of the credential that opened the session. */
  readonly owner: string;
  readonly toolPolicy: ToolPolicy;
  /** Requests answered by {@link answer} and still running, by id. */
  private readonly direct = new Map<RequestId, Cancellation>();
  /** Upstreams of `per-session` servers, opened for this session on first use. */
  private privates: PrivateUpstreams | undefined;
  /** When the session was created (ms since epoch). */
  readonly openedAt = Date.now();
  /** When the session last saw an HTTP exchange begin or end (ms since epoch). */
  lastActive = Date.now();
  /** HTTP exchanges of the session still open (requests in progress, event streams). */
  openExchanges = 0;
  private initialized = false;

  constructor(private readonly o: DownstreamSessionOptions) {
    this.scope = o.scope;
    this.owner = o.owner ?? '';
    this.toolPolicy = restrictTools(o.ctx.policy, o.keyTools ?? []);
    this.server = new Server(o.serverInfo, {
      capabilities: GATEWAY_CAPABILITIES,
      ...(o.instructions ? { instructions: o.instructions } : {}),
      debouncedNotificationMethods: LIST_CHANGED,
    });
    // The SDK's own handler would only record the level; the gateway also forwards it upstream.
    this.server.removeRequestHandler('logging/setLevel');
    this.server.fallbackRequestHandler = (request, extra) => this.dispatch(request, extra) as never;
    this.server.oninitialized = () => {
      this.initialized = true;
    };
    this.server.fallbackNotificationHandler = async (n) => this.fromClient(n.method);
    this.transport = o.transport;
  }

  /** The session id (empty until `initialize` was handled). */
  get id(): string {
    return this.transport.sessionId ?? '';
  }

  /** True once the client sent `notifications/initialized`. */
  get ready(): boolean {
    return this.initialized;
  }

  /** What the client declared at `initialize`. */
  get clientCapabilities(): ClientCapabilities | undefined {
    return this.server.getClientCapabilities();
  }

  /** Records an HTTP exchange of the session; returns the function that records its end. */
  exchange(): () => void {
    this.openExchanges += 1;
    this.lastActive = Date.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.openExchanges -= 1;
      this.lastActive = Date.now();
    };
  }

  /** Whether the session has had no open exchange for `idleMs` at `now`. */
  idleSince(now: number, idleMs: number): boolean {
    return this.openExchanges === 0 && now - this.lastActive >= idleMs;
  }

  /** Whether the session sees `server`. */
  includes(server: string): boolean {
    return this.scope.servers.includes(server);
  }

  isPrivate(server: string): boolean {
    return this.ownUpstreams().handles(server);
  }

  upstreamFor(server: string): UpstreamAccess {
    const own = this.ownUpstreams();
    return own.handles(server) ? own : this.o.ctx.upstreams;
  }

  applyLogLevel(): void {
    const level = this.logLevel;
    if (!level || !this.privates) return;
    void this.privates.each((server, c) => this.setUpstreamLevel(server, c.client, level));
  }

  /** Closes this session's private upstream of `server` (the server stopped). */
  async release(server: string): Promise<void> {
    await this.privates?.release(server);
  }

  /** Connects the server to the transport. */
  async open(): Promise<void> {
    await this.server.connect(this.transport);
    // The SDK's server keeps `initialize`, `ping`, answers from the client and everything before the
    // client is initialized; the forwarded methods are taken here, before its per-message schema checks.
    const viaSdk = this.transport.onmessage!;
    this.transport.onmessage = (message, extra) => {
      if (!this.takes(message)) viaSdk(message, extra);
    };
    const closed = this.transport.onclose;
    this.transport.onclose = () => {
      for (const cancel of this.direct.values()) cancel.abort();
      this.direct.clear();
      closed?.();
    };
  }

  /** Handles `message` itself when it is a forwarded method's request, or the cancellation of one. */
  private takes(message: JSONRPCMessage): boolean {
    if (!this.initialized || !('method' in message)) return false;
    if ('id' in message) {
      const handler = handlerOf(message.method, this.scope);
      if (!handler || isTaskRelated(message.params)) return false;
      this.answer(message as JSONRPCRequest, handler);
      return true;
    }
    if (message.method !== 'notifications/cancelled') return false;
    const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
    const cancel = id === undefined ? undefined : this.direct.get(id);
    if (!cancel) return false;
    cancel.abort((message.params as { reason?: unknown }).reason);
    return true;
  }

  /**
   * Answers one request with `handler`, as the SDK's protocol layer would: an abort signal the client's
   * `notifications/cancelled` (or the session's end) fires, notifications tied to the request, no answer
   * once cancelled, errors as `{code, message, data}` (-32603 for anything without a code).
   */
  private answer(request: JSONRPCRequest, handler: MethodHandler): void {
    const cancel = new Cancellation();
    this.direct.set(request.id, cancel);
    void this.run(request, handler, cancel);
  }

  /** One async frame per request (a promise chain would make five promises and their closures). */
  private async run(request: JSONRPCRequest, handler: MethodHandler, cancel: Cancellation): Promise<void> {
    const { id } = request;
    const extra = new RequestExtra(cancel, id, this.id, this.server);
    let message: JSONRPCMessage;
    try {
      // The handler runs after the message's delivery has returned, as in the SDK's protocol layer.
      await undefined;
      const result = await handler({
        ctx: this.o.ctx,
        session: this,
        method: request.method,
        params: paramsOf(request),
        extra,
      });
      message = { jsonrpc: '2.0', id, result } as JSONRPCMessage;
    } catch (err) {
      message = { jsonrpc: '2.0', id, error: errorOf(err) };
    }
    try {
      if (!cancel.aborted) await this.transport.send(message);
    } catch (err) {
      this.o.ctx.logger.debug('response not delivered', { session: this.id, error: String(err) });
    } finally {
      if (this.direct.get(id) === cancel) this.direct.delete(id);
    }
  }

  /** Sends a notification on the session's standalone stream (dropped before `initialized` or after close). */
  notify(method: string, params?: JsonObject): void {
    if (!this.initialized) return;
    const notification = (params === undefined ? { method } : { method, params }) as ServerNotification;
    this.server.notification(notification).catch((err: unknown) =>
      this.o.ctx.logger.debug('notification not delivered', {
        session: this.id,
        method,
        error: String(err),
      }),
    );
  }

  /**
   * Sends a server-to-client request on the response stream of the client request `relatedRequestId` (on
   * the legacy SSE transport, on its one stream), and resolves with the client's raw answer.
   */
  async request(
    method: string,
    params: unknown,
    relatedRequestId: RequestId | undefined,
    signal: AbortSignal,
  ): Promise<JsonObject> {
    try {
      return await sendRaw(this.server, method, params as JsonObject | undefined, {
        ...(relatedRequestId === undefined ? {} : { relatedRequestId }),
        signal,
        timeout: this.o.clientRequestTimeoutMs,
      });
    } catch (err) {
      throw err instanceof McpError ? relay(err) : err;
    }
  }

  /**
   * Ends the session (closes its streams; in-flight forwarded calls are cancelled upstream) and its private
   * upstreams.
   */
  async close(): Promise<void> {
    this.snapshots.clear();
    await Promise.all([this.server.close(), this.closePrivates()]);
  }

  /** Closes the session's private upstreams (their processes stop). */
  async closePrivates(): Promise<void> {
    await this.privates?.close();
  }

  private ownUpstreams(): PrivateUpstreams {
    this.privates ??= new PrivateUpstreams({
      platform: this.o.ctx.platform,
      pool: this.o.ctx.upstreams,
      capabilities: () => this.clientCapabilities ?? {},
      logger: this.o.ctx.logger,
      hooks: {
        changed: (_server, kinds) => {
          for (const m of new Set(kinds.map(listChangedMethod))) this.notify(m);
        },
        notified: (server, method, params) => this.fromPrivate(server, method, params),
        request: (server, request, signal) => this.requestFromPrivate(server, request, signal),
        opened: (server, c) => {
          if (this.logLevel) this.setUpstreamLevel(server, c.client, this.logLevel);
        },
      },
    });
    return this.privates;
  }

  private setUpstreamLevel(server: string, client: Client, level: LoggingLevel): void {
    if (!client.getServerCapabilities()?.logging) return;
    client
      .setLoggingLevel(level)
      .catch((err: unknown) =>
        this.o.ctx.logger.debug('logging/setLevel failed', { server, error: String(err) }),
      );
  }

  /**
   * A notification of the client the SDK does not handle itself. `roots/list_changed` is told to every
   * server of the scope (its private upstream, or the shared one, which then asks this session first).
   */
  private fromClient(method: string): void {
    if (method !== 'notifications/roots/list_changed') return;
    for (const server of this.scope.servers) {
      if (this.isPrivate(server)) void this.ownUpstreams().notify(server, method);
      else {
        this.o.ctx.rootsChanged?.(server, this.id);
        this.o.ctx.upstreams.notify(server, method);
      }
    }
  }

  /** A resource update or log message of a private upstream, for this session only. */
  private fromPrivate(server: string, method: string, params: JsonObject): void {
    const prefixed = this.scope.style === 'prefixed';
    if (method === 'notifications/resources/updated' && typeof params.uri === 'string') {
      this.notify(method, prefixed ? { ...params, uri: exposedUri(server, params.uri) } : params);
    } else if (method === 'notifications/message') {
      if (!passes(params.level, this.logLevel)) return;
      const logger = typeof params.logger === 'string' ? `${server}/${params.logger}` : server;
      this.notify(method, prefixed ? { ...params, logger } : params);
    } else if (method === 'notifications/elicitation/complete') {
      this.notify(method, params);
    }
  }

  /**
   * A server-to-client request of a private upstream: its only client is this session. It goes on the
   * response stream of this session's call to that server when one is in flight, else on the session's
   * standalone stream.
   */
  private requestFromPrivate(
    server: string,
    request: JSONRPCRequest,
    signal: AbortSignal,
  ): Promise<JsonObject> {
    const routed = this.o.ctx.calls.route(server, (origin) => origin.sessionId === this.id);
    return this.request(request.method, request.params, routed?.origin.requestId, signal);
  }

  private async dispatch(
    request: JSONRPCRequest,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ): Promise<JsonObject> {
    const handler = handlerOf(request.method, this.scope);
    if (!handler) throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
    try {
      return await handler({
        ctx: this.o.ctx,
        session: this,
        method: request.method,
        params: paramsOf(request),
        extra: extra as unknown as Parameters<MethodHandler>[0]['extra'],
      });
    } catch (err) {
      // The SDK sends the message of what is thrown: without the prefix an `McpError` adds.
      throw err instanceof McpError ? relay(err) : err;
    }
  }
}

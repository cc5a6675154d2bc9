/**
 * The gateway's view of the platform's upstream servers, in the shared mode: one SDK `Client` per server
 * (the platform's), used by every client session. It forwards requests, lists with a per-server deadline
 * (caching in `ListCache`), and relays what servers send on their own (list changes, resource updates, log
 * messages, requests for sampling, elicitation and roots) as events and callbacks.
 *
 * It takes over the `fallbackRequestHandler` and `fallbackNotificationHandler` of each upstream `Client`
 * (the platform registers no handlers of its own for these methods) and clears them on `close()`.
 * @module
 */
import { EventEmitter } from 'node:events';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ErrorCode,
  McpError,
  type ClientCapabilities,
  type JSONRPCRequest,
  type Notification,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import { abortableOf } from './cancellation.js';
import type { NamedItem } from './catalog.js';
import type { UpstreamRequestOptions } from './gateway-context.js';
import { relay, serverUnavailable, upstreamTimeout } from './errors.js';
import { directRequests } from './direct-requests.js';
import { ListCache, type ListKind } from './list-cache.js';
import { sendRaw, type JsonObject } from './passthrough.js';

export type { ListKind } from './list-cache.js';

/** What the gateway needs of the platform (the `Platform` class satisfies it). */
export interface GatewayPlatform {
  readonly names: string[];
  /** The same object as long as `names` is unchanged (absent: `names` is compared item by item). */
  readonly namesKey?: object;
  client(name: string): Client | undefined;
  serverStatus(name: string): {
    state: string;
    lastError?: { message: string } | null;
    nextRestartAt?: number | null;
  };
  /** Deadlines of requests to a server, in seconds (absent: the gateway's defaults). */
  timeouts?(name: string): { request: number; max: number; tools: Record<string, number> } | undefined;
  on(event: 'state', listener: (e: { name: string; from: string; to: string }) => void): unknown;
  off(event: 'state', listener: (e: { name: string; from: string; to: string }) => void): unknown;
  /** How a server is shared between client sessions (absent: every server is shared). */
  share?(name: string): 'shared' | 'per-session';
  /** Opens a private upstream of a server for one client session (for `per-session` servers). */
  openPrivate?(name: string, capabilities: ClientCapabilities): Promise<PrivateConnection>;
}

/** An upstream session that belongs to one client session. */
export interface PrivateConnection {
  readonly client: Client;
  /** Resolves when it is gone (closed, or ended on its own). */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

/**
 * What the platform's upstream clients should declare so servers send sampling, elicitation (form mode) and
 * roots requests, which the gateway relays to the calling client session (or answers with an error when no
 * session can take them). Sub-capabilities a client may lack (sampling tools, URL elicitation, roots
 * list_changed) are not declared: one shared upstream speaks for clients that differ.
 */
export const UPSTREAM_CLIENT_CAPABILITIES: ClientCapabilities = Object.freeze({
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
});

/** The lists each list_changed notification invalidates. */
export const CHANGED_LISTS: Readonly<Record<string, ListKind[]>> = {
  'notifications/tools/list_changed': ['tools'],
  'notifications/prompts/list_changed': ['prompts'],
  'notifications/resources/list_changed': ['resources', 'resourceTemplates'],
};

/** Handles a request a server sends to its client (sampling, elicitation, roots). */
export type ServerRequestHandler = (
  server: string,
  request: JSONRPCRequest,
  signal: AbortSignal,
) => Promise<JsonObject>;

/** How a forwarded request reaches its server: the client, and what the errors name. */
export interface UpstreamTarget {
  readonly client: Client;
  readonly server: string;
  /** Timeout when the options set none. */
  readonly timeout: number;
  /** The server's state now (for the error when the connection closed). */
  stateOf(server: string): string;
}

/**
 * Sends one request to an upstream client and resolves with the raw result. Rejects with `ServerUnavailable`
 * when the connection closed, `UpstreamTimeout`, or the server's own error unchanged.
 */
export async function requestUpstream(
  target: UpstreamTarget,
  method: string,
  params: JsonObject,
  options: UpstreamRequestOptions,
): Promise<JsonObject> {
  const { client, server } = target;
  const timeout = options.timeout ?? target.timeout;
  const { cancel, signal } = options;
  try {
    const direct = options.onprogress ? undefined : directRequests(client);
    if (direct) {
      const abort = cancel ?? (signal && abortableOf(signal));
      return await direct.request(method, params, { timeout, cancel: abort });
    }
    // The SDK client takes a real signal, and no `cancel`.
    const { cancel: _, ...rest } = options;
    return await sendRaw(client, method, params, {
      resetTimeoutOnProgress: true,
      ...rest,
      timeout,
      signal: cancel ? cancel.signal : signal,
    });
  } catch (err) {
    if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) {
      throw serverUnavailable(server, `connection closed (now ${target.stateOf(server)})`, {
        phase: 'during',
      });
    }
    const aborted = cancel ? cancel.aborted : signal?.aborted;
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout && !aborted) {
      const capped = options.maxTotalTimeout !== undefined && /maximum total timeout/i.test(err.message);
      throw upstreamTimeout(server, method, capped ? options.maxTotalTimeout! : timeout);
    }
    throw err instanceof McpError ? relay(err) : err;
  }
}

/** Events of {@link UpstreamPool}. */
export interface UpstreamEvents {
  /** Lists of a server changed (it said so, or a late listing arrived). */
  changed: [{ server: string; kinds: ListKind[] }];
  /** A server became usable or stopped being usable. */
  availability: [{ server: string; running: boolean }];
  /** A server sent `notifications/resources/updated`. */
  resourceUpdated: [{ server: string; params: JsonObject }];
  /** A server sent `notifications/message`. */
  log: [{ server: string; params: JsonObject }];
  /** A server sent `notifications/elicitation/complete` (a URL-mode elicitation finished). */
  elicitationComplete: [{ server: string; params: JsonObject }];
}

/** Options of {@link UpstreamPool}. */
export interface UpstreamPoolOptions {
  platform: GatewayPlatform;
  logger: Logger;
  /** How long a listing may take before the server is left out of that answer. */
  listTimeoutMs: number;
  /** Upstream request timeout (reset by progress). */
  requestTimeoutMs: number;
  /** Age after which a list of a server without `listChanged` is fetched again. */
  listTtlMs: number;
  onServerRequest?: ServerRequestHandler;
}

/** The shared upstream connections of one gateway. */
export class UpstreamPool extends EventEmitter<UpstreamEvents> {
  private readonly attached = new Map<string, ListCache>();
  /**
   * The platform's server names. Invariant: always this one array, updated in place (on every read of
   * `names` and every platform state event), so the scope of an open `/mcp` session, which holds it,
   * follows servers a reconcile adds or removes.
   */
  private readonly live: string[] = [];
  /** `namesKey` of the platform when `live` was last brought up to date. */
  private namesKey: object | undefined;
  private readonly onState = (e: { name: string; from: string; to: string }): void => this.stateChanged(e);
  private readonly stateOf = (server: string): string => this.state(server);

  constructor(private readonly o: UpstreamPoolOptions) {
    super();
    o.platform.on('state', this.onState);
    for (const name of this.names) this.client(name);
  }

  /** The timeouts every upstream of this gateway uses (private upstreams too). */
  get timing(): Pick<UpstreamPoolOptions, 'listTimeoutMs' | 'requestTimeoutMs' | 'listTtlMs'> {
    const { listTimeoutMs, requestTimeoutMs, listTtlMs } = this.o;
    return { listTimeoutMs, requestTimeoutMs, listTtlMs };
  }

  /** Server names of the profile, in profile order: one live array (see `live`); do not modify it. */
  get names(): string[] {
    this.syncNames();
    return this.live;
  }

  /** The state of a server (`running` when usable). */
  state(server: string): string {
    try {
      return this.o.platform.serverStatus(server).state;
    } catch {
      return 'unknown';
    }
  }

  /** The error for a call to a server that is not running: its state, last error and next restart. */
  unavailable(server: string): McpError {
    try {
      const s = this.o.platform.serverStatus(server);
      return serverUnavailable(server, s.state, {
        reason: s.lastError?.message,
        retryAt: s.nextRestartAt ?? undefined,
      });
    } catch {
      return serverUnavailable(server, 'unknown');
    }
  }

  /** The server's client when it is running (its handlers attached). */
  client(server: string): Client | undefined {
    const client = this.o.platform.client(server);
    if (client) this.attach(server, client);
    return client;
  }

  /** The `instructions` a running server gave at initialize. */
  instructions(server: string): string | undefined {
    return this.client(server)?.getInstructions();
  }

  /** The capabilities of a running server. */
  capabilities(server: string): ServerCapabilities | undefined {
    return this.client(server)?.getServerCapabilities();
  }

  /**
   * Forwards a request to `server` and resolves with the raw result. Rejects with `ServerUnavailable`
   * (not running, or its connection closed), `UpstreamTimeout`, or the server's own error unchanged.
   */
  async request(
    server: string,
    method: string,
    params: JsonObject,
    options: UpstreamRequestOptions = {},
  ): Promise<JsonObject> {
    const client = this.client(server);
    if (!client) throw this.unavailable(server);
    return requestUpstream(
      { client, server, timeout: this.o.requestTimeoutMs, stateOf: this.stateOf },
      method,
      params,
      options,
    );
  }

  /**
   * Every item of one list of `server`, across pages (see `ListCache`); undefined when it is not running,
   * failed, or missed the deadline (default `listTimeoutMs`; a late answer is announced with `changed`).
   * With a deadline of 0 only a list already at hand counts, for routing a call without waiting on others.
   */
  async list(
    server: string,
    kind: ListKind,
    deadlineMs = this.o.listTimeoutMs,
  ): Promise<NamedItem[] | undefined> {
    const client = this.client(server);
    return client ? this.attached.get(server)?.get(kind, deadlineMs) : undefined;
  }

  /** The list of `server` when it is at hand and fresh, without waiting (see `ListCache.peek`). */
  peek(server: string, kind: ListKind): NamedItem[] | undefined {
    return this.client(server) ? this.attached.get(server)?.peek(kind) : undefined;
  }

  /** Sends a notification to `server` (dropped when it is not running). */
  notify(server: string, method: string): void {
    this.client(server)
      ?.notification({ method } as never)
      .catch((err: unknown) =>
        this.o.logger.debug('notification not sent', { server, method, error: String(err) }),
      );
  }

  /** Detaches from the platform and gives the upstream clients' fallback handlers back. */
  close(): void {
    this.o.platform.off('state', this.onState);
    for (const { client } of this.attached.values()) this.detach(client);
    this.attached.clear();
  }

  private attach(server: string, client: Client): void {
    const current = this.attached.get(server);
    if (current?.client === client) return;
    if (current) this.detach(current.client);
    const cache: ListCache = new ListCache(client, {
      server,
      logger: this.o.logger,
      requestTimeoutMs: this.o.requestTimeoutMs,
      ttlMs: this.o.listTtlMs,
      onLate: (kind) => {
        if (this.attached.get(server) === cache) this.emit('changed', { server, kinds: [kind] });
      },
    });
    this.attached.set(server, cache);
    client.fallbackNotificationHandler = async (n) => this.notified(server, n);
    client.fallbackRequestHandler = async (
      request: JSONRPCRequest,
      extra: RequestHandlerExtra<never, never>,
    ) => {
      if (!this.o.onServerRequest) throw new McpError(ErrorCode.MethodNotFound, 'Method not found');
      return (await this.o.onServerRequest(server, request, extra.signal)) as never;
    };
  }

  private detach(client: Client): void {
    client.fallbackNotificationHandler = undefined;
    client.fallbackRequestHandler = undefined;
  }

  private notified(server: string, n: Notification): void {
    const kinds = CHANGED_LISTS[n.method];
    const params = (n.params ?? {}) as JsonObject;
    if (kinds) {
      this.attached.get(server)?.invalidate(kinds);
      this.emit('changed', { server, kinds });
    } else if (n.method === 'notifications/resources/updated') {
      this.emit('resourceUpdated', { server, params });
    } else if (n.method === 'notifications/message') {
      this.emit('log', { server, params });
    } else if (n.method === 'notifications/elicitation/complete') {
      this.emit('elicitationComplete', { server, params });
    } else {
      this.o.logger.debug('upstream notification not relayed', { server, method: n.method });
    }
  }

  /** Brings `live` up to date; forgets the lists and handlers of servers that left the platform. */
  private syncNames(): void {
    const key = this.o.platform.namesKey;
    if (key !== undefined && key === this.namesKey) return;
    this.namesKey = key;
    const now = this.o.platform.names;
    if (now.length === this.live.length && now.every((n, i) => n === this.live[i])) return;
    for (const [server, cache] of this.attached) {
      if (now.includes(server)) continue;
      this.detach(cache.client);
      this.attached.delete(server);
    }
    this.live.splice(0, this.live.length, ...now);
  }

  private stateChanged(e: { name: string; from: string; to: string }): void {
    this.syncNames();
    const was = e.from === 'running';
    const is = e.to === 'running';
    if (was === is) return;
    this.attached.get(e.name)?.invalidate();
    if (is) this.client(e.name);
    this.emit('availability', { server: e.name, running: is });
  }
}

/**
 * The private upstreams of one client session, for servers configured with `share: per-session`: each such
 * server gets its own upstream session (its own process, or its own connection) for this client, opened on
 * first use and declaring exactly the capabilities this client declared. What it sends on its own — list
 * changes, resource updates, log messages, sampling/elicitation/roots requests — concerns this client only,
 * so it goes to this session without any routing guesswork. It ends with the session, when the server is
 * stopped, or by itself (a crash); the next use opens a new one.
 * @module
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ClientCapabilities, JSONRPCRequest, Notification } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import type { NamedItem } from './catalog.js';
import { serverUnavailable } from './errors.js';
import type { UpstreamRequestOptions } from './gateway-context.js';
import { ListCache, type ListKind } from './list-cache.js';
import type { JsonObject } from './passthrough.js';
import {
  CHANGED_LISTS,
  requestUpstream,
  type GatewayPlatform,
  type PrivateConnection,
  type UpstreamPool,
} from './upstream-pool.js';

const ALL_LISTS: ListKind[] = ['tools', 'prompts', 'resources', 'resourceTemplates'];

/** What a session does with what its private upstreams send on their own. */
export interface PrivateUpstreamsHooks {
  /** Lists of `server` changed (it said so, it came or went, or a late listing arrived). */
  changed(server: string, kinds: readonly ListKind[]): void;
  /** `notifications/resources/updated` or `notifications/message` from `server`. */
  notified(server: string, method: string, params: JsonObject): void;
  /** A server-to-client request (sampling, elicitation, roots) from `server`. */
  request(server: string, request: JSONRPCRequest, signal: AbortSignal): Promise<JsonObject>;
  /** A private upstream of `server` is ready (e.g. to apply the session's log level). */
  opened(server: string, connection: PrivateConnection): void;
}

/** Options of {@link PrivateUpstreams}. */
export interface PrivateUpstreamsOptions {
  platform: GatewayPlatform;
  /** The shared pool: server states, timeouts. */
  pool: UpstreamPool;
  /** The capabilities of the client (known after `initialize`). */
  capabilities(): ClientCapabilities;
  logger: Logger;
  hooks: PrivateUpstreamsHooks;
}

interface Opened {
  readonly connection: PrivateConnection;
  readonly cache: ListCache;
}

/** The per-session upstreams of one client session. */
export class PrivateUpstreams {
  private readonly open = new Map<string, Promise<Opened>>();
  private closed = false;

  constructor(private readonly o: PrivateUpstreamsOptions) {}

  /** Whether `server` is one of this session's private upstreams (configured `per-session`). */
  handles(server: string): boolean {
    return this.o.platform.share?.(server) === 'per-session' && this.o.platform.openPrivate !== undefined;
  }

  /** Forwards a request to this session's upstream of `server`, opening it first if needed. */
  async request(
    server: string,
    method: string,
    params: JsonObject,
    options: UpstreamRequestOptions = {},
  ): Promise<JsonObject> {
    if (this.o.pool.state(server) !== 'running') throw this.o.pool.unavailable(server);
    const { connection } = await this.get(server);
    const { pool } = this.o;
    return requestUpstream(
      {
        client: connection.client,
        server,
        timeout: pool.timing.requestTimeoutMs,
        stateOf: (name) => pool.state(name),
      },
      method,
      params,
      options,
    );
  }

  /**
   * One list of `server` as this session's upstream has it; undefined when the server is not running or
   * its upstream could not open or list within the deadline (a late one is announced with `changed`).
   */
  async list(
    server: string,
    kind: ListKind,
    deadlineMs = this.o.pool.timing.listTimeoutMs,
  ): Promise<NamedItem[] | undefined> {
    if (this.o.pool.state(server) !== 'running') return undefined;
    if (deadlineMs <= 0 && !this.open.has(server)) return undefined;
    const started = Date.now();
    const opened = await this.within(server, deadlineMs);
    if (!opened) return undefined;
    return opened.cache.get(kind, Math.max(0, deadlineMs - (Date.now() - started)));
  }

  /** The open upstreams (for applying a log level to all of them). */
  async each(fn: (server: string, connection: PrivateConnection) => void): Promise<void> {
    for (const [server, opening] of this.open) {
      const opened = await opening.catch(() => undefined);
      if (opened) fn(server, opened.connection);
    }
  }

  /** Sends a notification to this session's open upstream of `server` (none open: nothing to tell). */
  async notify(server: string, method: string): Promise<void> {
    const opened = await this.open.get(server)?.catch(() => undefined);
    await opened?.connection.client.notification({ method } as never).catch(() => undefined);
  }

  /** Closes this session's upstream of `server` (the server was stopped, or the session ended). */
  async release(server: string): Promise<void> {
    const opening = this.open.get(server);
    if (!opening) return;
    this.open.delete(server);
    const opened = await opening.catch(() => undefined);
    await opened?.connection.close().catch(() => undefined);
  }

  /** Closes every private upstream; later uses fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open.keys()].map((s) => this.release(s)));
  }

  /** The upstream of `server` within `deadlineMs`, or undefined (announcing it later if it opens). */
  private async within(server: string, deadlineMs: number): Promise<Opened | undefined> {
    const opening = this.get(server).catch((err: unknown) => {
      this.o.logger.warn('per-session upstream failed to open', { server, error: String(err) });
      return undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
    const first = await Promise.race([opening, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    void opening.then((opened) => opened && this.o.hooks.changed(server, ALL_LISTS));
    return undefined;
  }

  private get(server: string): Promise<Opened> {
    const existing = this.open.get(server);
    if (existing) return existing;
    if (this.closed) return Promise.reject(serverUnavailable(server, 'session closed'));
    const opening = this.connect(server);
    this.open.set(server, opening);
    opening.catch(() => {
      if (this.open.get(server) === opening) this.open.delete(server);
    });
    return opening;
  }

  private async connect(server: string): Promise<Opened> {
    const connection = await this.o.platform.openPrivate!(server, this.o.capabilities());
    if (this.closed) {
      await connection.close();
      throw serverUnavailable(server, 'session closed');
    }
    const { client } = connection;
    const cache = new ListCache(client, {
      server,
      logger: this.o.logger,
      requestTimeoutMs: this.o.pool.timing.requestTimeoutMs,
      ttlMs: this.o.pool.timing.listTtlMs,
      onLate: (kind) => this.o.hooks.changed(server, [kind]),
    });
    client.fallbackNotificationHandler = async (n: Notification) => {
      const kinds = CHANGED_LISTS[n.method];
      if (kinds) {
        cache.invalidate(kinds);
        this.o.hooks.changed(server, kinds);
      } else this.o.hooks.notified(server, n.method, (n.params ?? {}) as JsonObject);
    };
    client.fallbackRequestHandler = async (
      request: JSONRPCRequest,
      extra: RequestHandlerExtra<never, never>,
    ) => (await this.o.hooks.request(server, request, extra.signal)) as never;
    const opened: Opened = { connection, cache };
    void connection.ended.then(() => {
      const current = this.open.get(server);
      if (!current) return;
      void current.then((o) => {
        if (o !== opened || this.open.get(server) !== current) return;
        // It ended by itself (the process exited): forget it; the next use opens a new one.
        this.open.delete(server);
        this.o.logger.warn('per-session upstream ended', { server });
        this.o.hooks.changed(server, ALL_LISTS);
      });
    });
    this.o.hooks.opened(server, connection);
    return opened;
  }
}

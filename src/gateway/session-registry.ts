/**
 * The live client sessions of one gateway, and everything that fans out to them or back from them:
 * list_changed when a server's lists or state change, resource updates to subscribers, log messages to the
 * sessions that see the server (each at its own level), upstream log levels, re-subscription after a
 * restart, and server-to-client requests to the session whose call caused them.
 * @module
 */
import {
  ErrorCode,
  McpError,
  type JSONRPCRequest,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import type { DownstreamSession } from './downstream-session.js';
import { noClientFor } from './errors.js';
import type { InflightCalls } from './inflight-calls.js';
import { listChangedMethod } from './list-cache.js';
import { mostVerbose, passes } from './log-levels.js';
import { exposedUri } from './namespacing.js';
import type { JsonObject } from './passthrough.js';
import type { SubscriptionTable } from './subscriptions.js';
import type { ListKind, UpstreamEvents, UpstreamPool } from './upstream-pool.js';

/** The client capability each server-to-client request needs. */
const CAPABILITY_FOR: Record<string, 'sampling' | 'elicitation' | 'roots'> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** Options of {@link SessionRegistry}. */
export interface SessionRegistryOptions {
  upstreams: UpstreamPool;
  calls: InflightCalls;
  subscriptions: SubscriptionTable;
  logger: Logger;
  /** Told when a session is added or removed. */
  onChange?: (event: 'opened' | 'closed', session: DownstreamSession) => void;
}

/** Live sessions by id. */
export class SessionRegistry {
  private readonly sessions = new Map<string, DownstreamSession>();
  private readonly appliedLevels = new Map<string, LoggingLevel>();
  private readonly listeners: { [K in keyof UpstreamEvents]: (...a: UpstreamEvents[K]) => void } = {
    changed: (e) => this.listsChanged(e.server, e.kinds),
    availability: (e) => this.availabilityChanged(e.server, e.running),
    resourceUpdated: (e) => this.resourceUpdated(e.server, e.params),
    log: (e) => this.logged(e.server, e.params),
    elicitationComplete: (e) => this.elicitationComplete(e.server, e.params),
  };
  /** The session that last told a shared server its roots changed (the one to ask for them). */
  private readonly rootsFrom = new Map<string, string>();
  /** Announcements not yet followed by the server's roots/list (see {@link serverRequest}). */
  private readonly rootsDue = new Map<string, string>();
  /** URL-mode elicitations in progress: `<server> <elicitationId>` -> the session that was asked. */
  private readonly elicitations = new Map<string, string>();

  constructor(private readonly o: SessionRegistryOptions) {
    for (const [event, fn] of Object.entries(this.listeners)) o.upstreams.on(event as 'log', fn as never);
  }

  /** Number of live sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** A live session. */
  get(id: string): DownstreamSession | undefined {
    return this.sessions.get(id);
  }

  /** Registers an initialized session; it leaves the registry when its server closes. */
  add(id: string, session: DownstreamSession): void {
    this.sessions.set(id, session);
    session.server.onclose = () => this.remove(id);
    this.o.onChange?.('opened', session);
  }

  /** Every live session. */
  list(): DownstreamSession[] {
    return [...this.sessions.values()];
  }

  /**
   * Closes the sessions idle for `idleMs` (no request and no open stream): clients that vanished without
   * DELETE. A client that comes back gets 404 and starts a new session, as the protocol says. Returns how many.
   */
  expireIdle(now: number, idleMs: number): number {
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (!s.idleSince(now, idleMs)) continue;
      n += 1;
      this.o.logger.info('closing idle client session', {
        session: id,
        idleSeconds: Math.round(idleMs / 1000),
      });
      this.remove(id);
      s.close().catch(() => undefined);
    }
    return n;
  }

  /** Forgets a session and releases its subscriptions (unsubscribing upstream where it was the last). */
  remove(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.o.onChange?.('closed', session);
    void session.closePrivates();
    for (const key of this.o.subscriptions.removeSession(id)) {
      if (this.o.upstreams.state(key.server) !== 'running') continue;
      this.o.upstreams
        .request(key.server, 'resources/unsubscribe', { uri: key.uri })
        .catch((err: unknown) => this.o.logger.debug('unsubscribe failed', { ...key, error: String(err) }));
    }
    this.syncLogLevels(session.scope.servers);
  }

  /**
   * Routes a server's request (sampling, elicitation, roots) to the client session whose call to that server
   * is in flight and that declared the capability; never answers on the user's behalf.
   */
  async serverRequest(server: string, request: JSONRPCRequest, signal: AbortSignal): Promise<JsonObject> {
    const capability = CAPABILITY_FOR[request.method];
    if (!capability) throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
    const url = request.method === 'elicitation/create' && request.params?.mode === 'url';
    const capable = (s: DownstreamSession | undefined): boolean => {
      const caps = s?.clientCapabilities;
      return url ? caps?.elicitation?.url !== undefined : caps?.[capability] !== undefined;
    };
    // The first roots/list after a session announced new roots is the server's answer to that notice: it goes
    // to that session even when another session's call to the server is in flight.
    const announcer = request.method === 'roots/list' ? this.rootsDue.get(server) : undefined;
    this.rootsDue.delete(server);
    const asked = announcer === undefined ? undefined : this.sessions.get(announcer);
    const routed =
      asked && capable(asked)
        ? undefined
        : this.o.calls.route(server, (origin) => capable(this.sessions.get(origin.sessionId)));
    if (routed?.ambiguous) {
      this.o.logger.warn('several sessions have calls in flight; routing to the most recent', {
        server,
        method: request.method,
        session: routed.origin.sessionId,
      });
    }
    const session =
      asked && capable(asked)
        ? asked
        : routed
          ? this.sessions.get(routed.origin.sessionId)
          : this.unprompted(server, request.method, capable);
    if (!session) {
      const reason =
        this.o.calls.count(server) > 0
          ? `no client session with a call in flight to it declared the ${capability} capability`
          : 'no client request to it is in flight';
      throw noClientFor(server, request.method, reason);
    }
    const elicitation = url ? request.params?.elicitationId : undefined;
    if (typeof elicitation === 'string') this.elicitations.set(`${server} ${elicitation}`, session.id);
    return session.request(request.method, request.params, routed?.origin.requestId, signal);
  }

  /**
   * The session to ask when a server asks with no call of any session in flight: for `roots/list`, the
   * session that just told it its roots changed; otherwise only when exactly one session that sees the
   * server can answer (there is then no one else it could be for).
   */
  private unprompted(
    server: string,
    method: string,
    capable: (s: DownstreamSession) => boolean,
  ): DownstreamSession | undefined {
    const candidates = [...this.sessions.values()].filter((s) => s.ready && s.includes(server) && capable(s));
    if (method === 'roots/list') {
      const announcer = candidates.find((s) => s.id === this.rootsFrom.get(server));
      if (announcer) return announcer;
    }
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** Records which session told `server` its roots changed (see {@link unprompted}). */
  rootsChanged(server: string, sessionId: string): void {
    this.rootsFrom.set(server, sessionId);
    this.rootsDue.set(server, sessionId);
  }

  private elicitationComplete(server: string, params: JsonObject): void {
    const key = `${server} ${String(params.elicitationId)}`;
    const session = this.sessions.get(this.elicitations.get(key) ?? '');
    this.elicitations.delete(key);
    session?.notify('notifications/elicitation/complete', params);
  }

  /**
   * Asks each server for the most verbose level any session that sees it chose (sessions filter further on
   * their own level). Only changes are sent; a restarted server is asked again.
   */
  syncLogLevels(servers: readonly string[]): void {
    for (const server of servers) {
      const level = mostVerbose(
        [...this.sessions.values()].flatMap((s) => (s.includes(server) && s.logLevel ? [s.logLevel] : [])),
      );
      if (level === undefined || this.appliedLevels.get(server) === level) continue;
      if (!this.o.upstreams.capabilities(server)?.logging) continue;
      this.appliedLevels.set(server, level);
      this.o.upstreams.request(server, 'logging/setLevel', { level }).catch((err: unknown) => {
        this.appliedLevels.delete(server);
        this.o.logger.debug('logging/setLevel failed', { server, error: String(err) });
      });
    }
  }

  /** Closes every session and stops listening to the upstreams. */
  async close(): Promise<void> {
    for (const [event, fn] of Object.entries(this.listeners))
      this.o.upstreams.off(event as 'log', fn as never);
    await Promise.all([...this.sessions.values()].map((s) => s.close().catch(() => undefined)));
    this.sessions.clear();
  }

  private seeing(server: string): DownstreamSession[] {
    return [...this.sessions.values()].filter((s) => s.includes(server));
  }

  private listsChanged(server: string, kinds: readonly ListKind[]): void {
    const methods = new Set(kinds.map(listChangedMethod));
    for (const s of this.seeing(server)) for (const m of methods) s.notify(m);
  }

  private availabilityChanged(server: string, running: boolean): void {
    this.listsChanged(server, ['tools', 'prompts', 'resources']);
    if (!running) {
      // A stopped server stops for every session: private upstreams of it close too.
      for (const s of this.seeing(server)) void s.release(server);
      return;
    }
    this.appliedLevels.delete(server);
    this.syncLogLevels([server]);
    for (const uri of this.o.subscriptions.resourcesOf(server)) {
      this.o.upstreams
        .request(server, 'resources/subscribe', { uri })
        .catch((err: unknown) =>
          this.o.logger.warn('re-subscribe failed', { server, uri, error: String(err) }),
        );
    }
  }

  private resourceUpdated(server: string, params: JsonObject): void {
    if (typeof params.uri !== 'string') return;
    for (const id of this.o.subscriptions.subscribers({ server, uri: params.uri })) {
      const s = this.sessions.get(id);
      if (!s) continue;
      const uri = s.scope.style === 'original' ? params.uri : exposedUri(server, params.uri);
      s.notify('notifications/resources/updated', { ...params, uri });
    }
  }

  private logged(server: string, params: JsonObject): void {
    for (const s of this.seeing(server)) {
      if (!passes(params.level, s.logLevel)) continue;
      const logger = typeof params.logger === 'string' ? `${server}/${params.logger}` : server;
      s.notify('notifications/message', s.scope.style === 'original' ? params : { ...params, logger });
    }
  }
}

/**
 * The gateway's HTTP face: MCP Streamable HTTP on `/mcp` (every server of the profile, names namespaced) and
 * `/mcp/<server>` (one server, original names; `streamable-endpoint.ts`), the legacy HTTP+SSE transport on
 * `/sse`, `/sse/<server>` and `/messages` (`legacy-sse.ts`), and WebSocket upgrades on `/ws`, `/ws/<server>`
 * (`websocket-endpoint.ts`); one SDK session per client. Mount it in the node:http edge after auth and Origin checks,
 * which it does not do itself.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';

import { requestPath } from '../core/request-path.js';
import type { Logger } from '../observability/logger.js';

import { DownstreamSession } from './downstream-session.js';
import type { GatewayContext, Scope } from './gateway-context.js';
import { sendRpcError } from './http-body.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import type { ToolIntegrity } from './tool-integrity.js';
import { InflightCalls } from './inflight-calls.js';
import { DEFAULT_KEEP_ALIVE_MS, keepAlive } from './keep-alive.js';
import { createLegacySseEndpoint } from './legacy-sse.js';
import type { SessionOpener } from './session-opener.js';
import { createStreamableEndpoint } from './streamable-endpoint.js';
import { createWebSocketEndpoint } from './websocket-endpoint.js';
import {
  DEFAULT_MAX_NAME_LENGTH,
  DEFAULT_SEPARATOR,
  separatorWarning,
  type NamingOptions,
} from './namespacing.js';
import { DEFAULT_PAGE_SIZE } from './pagination.js';
import { describeSession, type GatewayEvents, type GatewaySessionInfo } from './session-info.js';
import { SessionRegistry } from './session-registry.js';
import { SubscriptionTable } from './subscriptions.js';
import { compileToolPolicy, type ToolPolicyConfig } from './tool-policy.js';
import { UpstreamPool, type GatewayPlatform } from './upstream-pool.js';

/** Options of {@link createGatewayHandler}. */
export interface GatewayHandlerOptions {
  /** The running platform (its profile's servers are what the gateway exposes). */
  platform: GatewayPlatform;
  /** The profile's tool policy: `tools.allow`/`tools.deny` globs and `descriptions` overrides. */
  profile?: ToolPolicyConfig;
  /** Between server and name (`gateway.separator`). Default `__`. */
  separator?: string;
  /** Longest exposed tool/prompt name. Default 64. */
  maxNameLength?: number;
  logger: Logger;
  /** Path prefix. Default `/mcp`. */
  basePath?: string;
  /** Legacy HTTP+SSE stream path (`<ssePath>/<server>` for one server). Default `/sse`. */
  ssePath?: string;
  /** Legacy HTTP+SSE message path. Default `/messages`. */
  messagesPath?: string;
  /** WebSocket upgrade path (`<wsPath>/<server>` for one server). Default `/ws`. */
  wsPath?: string;
  /** Per-server listing deadline; a slower server is left out of that answer. Default 5000. */
  listTimeoutMs?: number;
  /** Age after which the lists of a server that does not announce changes are fetched again. Default 10000. */
  listTtlMs?: number;
  /**
   * Most items in one page of `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list`;
   * a longer aggregated list is answered in pages with gateway-minted `nextCursor`s. Default 500.
   */
  pageSize?: number;
  /**
   * Upstream request timeout, reset by progress, for servers whose definition sets none (a server's
   * `timeouts` win). Default 60000.
   */
  requestTimeoutMs?: number;
  /** Hard cap of a request whatever its progress, for servers whose definition sets none. Default 600000. */
  maxRequestMs?: number;
  /** Pins tool definitions and hides changed ones until approved (see `tool-integrity.ts`). */
  integrity?: ToolIntegrity;
  /** Thresholds of the per-server circuit breakers. */
  circuitBreaker?: Omit<CircuitBreakerOptions, 'now'>;
  /** How long a client has to answer sampling/elicitation/roots. Default 300000. */
  clientRequestTimeoutMs?: number;
  /** Largest request body. Default 4 MiB. */
  maxBodyBytes?: number;
  /** How the gateway introduces itself to clients. */
  serverInfo?: Implementation;
  /** Called after every forwarded request, for metrics. */
  observe?: GatewayContext['observe'];
  /**
   * Who is asking: a fingerprint of the request's credential (never the credential itself). A session
   * answers only requests with the fingerprint it was opened with; others get 404. Default: all alike.
   */
  principalOf?: (req: IncomingMessage) => string;
  /**
   * The tool allowlist of the API key a request carries (globs over exposed names), read when a session
   * opens; the session sees only those tools. Default: none (every tool of the profile).
   */
  toolAllowlistOf?: (req: IncomingMessage) => Promise<readonly string[]>;
  /** Close sessions without requests or open streams for this long. 0 disables. Default 30 minutes. */
  sessionIdleMs?: number;
  /** Interval of SSE keep-alive comments on open event streams. 0 disables. Default 25 s. */
  keepAliveMs?: number;
}

/** A mounted gateway. */
export interface GatewayHandler {
  /** Whether `pathname` is one of the gateway's paths (for the edge to authenticate before `handle`). */
  owns(pathname: string): boolean;
  /**
   * Serves the request if its path is the gateway's; resolves false (untouched) otherwise. `pathname` is the
   * request's path when the caller has it already.
   */
  handle(req: IncomingMessage, res: ServerResponse, pathname?: string): Promise<boolean>;
  /**
   * Takes an HTTP upgrade on the WebSocket paths (`/ws`, `/ws/<server>`), answering errors itself; resolves
   * false (untouched) for other paths. Like `handle`, it expects the edge to have authenticated the request.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname?: string): Promise<boolean>;
  /** Number of live client sessions. */
  readonly sessionCount: number;
  /** The live client sessions. */
  sessions(): GatewaySessionInfo[];
  /** Sessions opened and closed, lists changed: for the API's event stream. */
  readonly events: EventEmitter<GatewayEvents>;
  /**
   * Waits until no forwarded call is in flight, for at most `timeoutMs`; resolves with how many were still
   * in flight then (0 when drained). New requests are the edge's to refuse meanwhile.
   */
  drain(timeoutMs: number): Promise<number>;
  /** Ends every session and detaches from the platform (the platform itself keeps running). */
  close(): Promise<void>;
}

/**
 * Creates the gateway handler.
 * @example
 * const gateway = createGatewayHandler({ platform, profile: config.profiles[name], separator: config.gateway.separator, logger });
 * http.createServer(async (req, res) => { if (!(await gateway.handle(req, res))) controlApp(req, res); });
 */
export function createGatewayHandler(options: GatewayHandlerOptions): GatewayHandler {
  const logger = options.logger.child({ component: 'gateway' });
  const naming: NamingOptions = {
    separator: options.separator ?? DEFAULT_SEPARATOR,
    maxLength: options.maxNameLength ?? DEFAULT_MAX_NAME_LENGTH,
  };
  const warning = separatorWarning(naming.separator);
  if (warning) logger.warn(warning);
  const basePath = (options.basePath ?? '/mcp').replace(/\/+$/, '');
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1)
    throw new RangeError(`pageSize must be a positive integer, got ${String(options.pageSize)}`);
  const serverInfo = options.serverInfo ?? { name: 'mcp-platform-gateway', version: '0.1.0' };
  const principalOf = options.principalOf ?? ((): string => '');
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60_000;
  const keyToolsOf = async (req: IncomingMessage): Promise<readonly string[]> =>
    (await options.toolAllowlistOf?.(req)) ?? [];
  const calls = new InflightCalls();
  const subscriptions = new SubscriptionTable();
  const upstreams: UpstreamPool = new UpstreamPool({
    platform: options.platform,
    logger,
    listTimeoutMs: options.listTimeoutMs ?? 5000,
    listTtlMs: options.listTtlMs ?? 10_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    // Only called once sessions exist, after `sessions` is initialized.
    onServerRequest: (server, request, signal) => sessions.serverRequest(server, request, signal),
  });
  const events = new EventEmitter<GatewayEvents>();
  const sessions: SessionRegistry = new SessionRegistry({
    upstreams,
    calls,
    subscriptions,
    logger,
    onChange: (event, session) => events.emit('session', { event, session: describeSession(session) }),
  });
  upstreams.on('changed', (e) => events.emit('lists', { server: e.server, kinds: e.kinds }));
  const warned = new Set<string>();
  const breakers = new Map<string, CircuitBreaker>();
  const defaultDeadlines = {
    timeout: options.requestTimeoutMs ?? 60_000,
    maxTotalTimeout: options.maxRequestMs ?? 600_000,
  };
  const { integrity } = options;
  // An approved change brings the tool back: tell the sessions that see the server.
  const onApproved = ({ server }: { server: string }): void =>
    void upstreams.emit('changed', { server, kinds: ['tools'] });
  integrity?.on('approved', onApproved);
  const ctx: GatewayContext = {
    platform: options.platform,
    integrity,
    upstreams,
    calls,
    subscriptions,
    naming,
    policy: compileToolPolicy(options.profile),
    logger,
    pageSize,
    breaker: (server) => {
      let b = breakers.get(server);
      if (!b) breakers.set(server, (b = new CircuitBreaker(options.circuitBreaker)));
      return b;
    },
    deadlines: (server, tool) => {
      const t = options.platform.timeouts?.(server);
      if (!t) return defaultDeadlines;
      const seconds = (tool && t.tools[tool]) || t.request;
      return { timeout: seconds * 1000, maxTotalTimeout: Math.max(seconds, t.max) * 1000 };
    },
    syncLogLevels: (servers) => sessions.syncLogLevels(servers),
    rootsChanged: (server, sessionId) => sessions.rootsChanged(server, sessionId),
    ...(options.observe ? { observe: options.observe } : {}),
    warnOnce: (message, fields) => {
      if (warned.has(message)) return;
      warned.add(message);
      logger.warn(message, fields);
    },
  };

  /** The scope of a path under `base`: null when not under it, undefined for an unknown server. */
  function scopeAt(base: string, pathname: string): Scope | null | undefined {
    const path = pathname.endsWith('/') ? pathname.replace(/\/+$/, '') : pathname;
    if (path === base) return { servers: upstreams.names, style: 'prefixed' };
    if (!path.startsWith(`${base}/`)) return null;
    const rest = path.slice(base.length + 1);
    if (rest.includes('/')) return null;
    let server: string;
    try {
      server = decodeURIComponent(rest);
    } catch {
      return undefined;
    }
    return upstreams.names.includes(server) ? { servers: [server], style: 'original' } : undefined;
  }

  function instructionsFor(scope: Scope): string | undefined {
    if (scope.style === 'original') return upstreams.instructions(scope.servers[0]!);
    const parts = [
      `This MCP gateway combines the servers ${scope.servers.join(', ')}. Tools and prompts are named ` +
        `<server>${naming.separator}<name>; resource URIs are mcp-platform://<server>/<original URI>.`,
    ];
    for (const server of scope.servers) {
      const text = upstreams.instructions(server);
      if (text) parts.push(`## ${server}\n\n${text}`);
    }
    return parts.join('\n\n');
  }

  function createSession(
    scope: Scope,
    transport: Transport,
    owner: string,
    keyTools: readonly string[],
  ): DownstreamSession {
    return new DownstreamSession({
      ctx,
      scope,
      serverInfo,
      instructions: instructionsFor(scope),
      clientRequestTimeoutMs: options.clientRequestTimeoutMs ?? 300_000,
      transport,
      owner,
      keyTools,
    });
  }

  const sweeper =
    sessionIdleMs > 0
      ? setInterval(() => sessions.expireIdle(Date.now(), sessionIdleMs), Math.min(sessionIdleMs / 2, 60_000))
      : undefined;
  sweeper?.unref();

  /** Tracks one HTTP exchange of a session (idle expiry); a GET is an event stream, kept alive. */
  function track(session: DownstreamSession, req: IncomingMessage, res: ServerResponse): void {
    const end = session.exchange();
    res.once('close', end);
    if (req.method === 'GET') keepAlive(res, keepAliveMs);
  }

  // What the three transport endpoints share to open sessions.
  const opener: SessionOpener = { sessions, scopeAt, createSession, principalOf, keyToolsOf, logger };
  const legacy = createLegacySseEndpoint({
    ...opener,
    ssePath: (options.ssePath ?? '/sse').replace(/\/+$/, ''),
    messagesPath: options.messagesPath ?? '/messages',
    maxBodyBytes,
    track,
  });
  const websocket = createWebSocketEndpoint({
    ...opener,
    wsPath: (options.wsPath ?? '/ws').replace(/\/+$/, ''),
    maxPayloadBytes: maxBodyBytes,
    keepAliveMs,
  });
  const serve = createStreamableEndpoint({ ...opener, maxBodyBytes, keepAliveMs, track });

  return {
    owns(pathname) {
      return scopeAt(basePath, pathname) !== null || legacy.owns(pathname);
    },
    async handle(req, res, known) {
      const pathname = known ?? requestPath(req.url);
      const scope = scopeAt(basePath, pathname);
      try {
        if (scope === null) return await legacy.handle(req, res, pathname);
        if (scope === undefined) sendRpcError(res, 404, -32001, 'Unknown server');
        else await serve(req, res, scope);
      } catch (err) {
        logger.error('gateway request failed', { url: req.url, error: String(err) });
        if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error');
        else res.end();
      }
      return true;
    },
    async upgrade(req, socket, head, known) {
      try {
        return await websocket.upgrade(req, socket, head, known ?? requestPath(req.url));
      } catch (err) {
        logger.error('gateway upgrade failed', { url: req.url, error: String(err) });
        socket.destroy();
        return true;
      }
    },
    get sessionCount() {
      return sessions.size;
    },
    sessions() {
      return sessions.list().map(describeSession);
    },
    events,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (calls.total > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      return calls.total;
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      websocket.close();
      integrity?.off('approved', onApproved);
      integrity?.close();
      await sessions.close();
      upstreams.close();
    },
  };
}

/**
 * The gateway's HTTP face: MCP Streamable HTTP on `/mcp` (every server of the profile, names namespaced) and
 * `/mcp/<server>` (one server, original names), one stateful SDK session per client. Mount it in the
 * node:http edge after auth and Origin checks, which it does not do itself.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isInitializeRequest, type Implementation } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import { DownstreamSession } from './downstream-session.js';
import type { GatewayContext, Scope } from './gateway-context.js';
import { InflightCalls } from './inflight-calls.js';
import {
  DEFAULT_MAX_NAME_LENGTH,
  DEFAULT_SEPARATOR,
  separatorWarning,
  type NamingOptions,
} from './namespacing.js';
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
  /** Per-server listing deadline; a slower server is left out of that answer. Default 5000. */
  listTimeoutMs?: number;
  /** Age after which the lists of a server that does not announce changes are fetched again. Default 10000. */
  listTtlMs?: number;
  /** Upstream request timeout, reset by progress. Default 300000. */
  requestTimeoutMs?: number;
  /** How long a client has to answer sampling/elicitation/roots. Default 300000. */
  clientRequestTimeoutMs?: number;
  /** Largest request body. Default 4 MiB. */
  maxBodyBytes?: number;
  /** How the gateway introduces itself to clients. */
  serverInfo?: Implementation;
  /** Called after every forwarded request, for metrics. */
  observe?: GatewayContext['observe'];
}

/** A mounted gateway. */
export interface GatewayHandler {
  /** Serves the request if its path is the gateway's; resolves false (untouched) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Number of live client sessions. */
  readonly sessionCount: number;
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
  const serverInfo = options.serverInfo ?? { name: 'mcp-platform-gateway', version: '0.1.0' };
  const calls = new InflightCalls();
  const subscriptions = new SubscriptionTable();
  const upstreams: UpstreamPool = new UpstreamPool({
    platform: options.platform,
    logger,
    listTimeoutMs: options.listTimeoutMs ?? 5000,
    listTtlMs: options.listTtlMs ?? 10_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 300_000,
    // Only called once sessions exist, after `sessions` is initialized.
    onServerRequest: (server, request, signal) => sessions.serverRequest(server, request, signal),
  });
  const sessions: SessionRegistry = new SessionRegistry({ upstreams, calls, subscriptions, logger });
  const warned = new Set<string>();
  const ctx: GatewayContext = {
    upstreams,
    calls,
    subscriptions,
    naming,
    policy: compileToolPolicy(options.profile),
    logger,
    syncLogLevels: (servers) => sessions.syncLogLevels(servers),
    ...(options.observe ? { observe: options.observe } : {}),
    warnOnce: (message, fields) => {
      if (warned.has(message)) return;
      warned.add(message);
      logger.warn(message, fields);
    },
  };

  /** The scope of a path: null when not the gateway's, undefined for an unknown server. */
  function scopeOf(pathname: string): Scope | null | undefined {
    const path = pathname.replace(/\/+$/, '');
    if (path === basePath) return { servers: upstreams.names, style: 'prefixed' };
    if (!path.startsWith(`${basePath}/`)) return null;
    const rest = path.slice(basePath.length + 1);
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

  async function openSession(scope: Scope): Promise<DownstreamSession> {
    const session: DownstreamSession = new DownstreamSession({
      ctx,
      scope,
      serverInfo,
      instructions: instructionsFor(scope),
      clientRequestTimeoutMs: options.clientRequestTimeoutMs ?? 300_000,
      transport: {
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => sessions.add(id, session),
        maxRequestBodySize: maxBodyBytes,
      },
    });
    await session.open();
    return session;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, scope: Scope): Promise<void> {
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId) {
      const session = sessions.get(sessionId);
      // A session belongs to the path it was opened on.
      if (!session || !sameScope(session.scope, scope))
        return sendRpcError(res, 404, -32001, 'Session not found');
      return session.transport.handleRequest(req, res);
    }
    if (req.method === 'POST') {
      const body = await readJson(req, maxBodyBytes);
      if (!body.ok) return sendRpcError(res, body.status, body.code, body.message);
      const init = Array.isArray(body.value)
        ? body.value.some(isInitializeRequest)
        : isInitializeRequest(body.value);
      if (!init) return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      const session = await openSession(scope);
      await session.transport.handleRequest(req, res, body.value);
      if (!session.transport.sessionId || !sessions.get(session.transport.sessionId)) await session.close();
      return;
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    res.setHeader('allow', 'GET, POST, DELETE');
    return sendRpcError(res, 405, -32000, 'Method not allowed');
  }

  return {
    async handle(req, res) {
      const scope = scopeOf(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (scope === null) return false;
      try {
        if (scope === undefined) sendRpcError(res, 404, -32001, 'Unknown server');
        else await serve(req, res, scope);
      } catch (err) {
        logger.error('gateway request failed', { url: req.url, error: String(err) });
        if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error');
        else res.end();
      }
      return true;
    },
    get sessionCount() {
      return sessions.size;
    },
    async close() {
      await sessions.close();
      upstreams.close();
    },
  };
}

function sameScope(a: Scope, b: Scope): boolean {
  return (
    a.style === b.style &&
    a.servers.length === b.servers.length &&
    a.servers.every((s, i) => s === b.servers[i])
  );
}

function sendRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  const text = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; code: number; message: string };

async function readJson(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, code: -32000, message: `body over ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, code: -32700, message: 'Parse error' };
  }
}

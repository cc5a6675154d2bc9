/**
 * The platform's local HTTP API: health, readiness, status and server control under `/api/v1`.
 * `createControlApp` returns a node:http request listener; listening happens in the CLI.
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import { isPlatformError, PlatformErrorCode } from '../errors.js';
import type { GatewayHandler } from '../gateway/index.js';
import { discardBody } from '../gateway/http-body.js';
import type { Logger } from '../observability/logger.js';
import type { PlatformMetrics } from '../observability/metrics.js';
import type { Platform } from '../platform/platform.js';
import type { PlatformStatus } from '../platform/status.js';

import { bearerToken, checkHostAndOrigin, safeEqual } from './edge.js';
import { buildOpenApiDocument } from './openapi.js';
import { HttpError, readBody, Router, sendJson, type RouteContext } from './router.js';

/** What the control API needs. */
export interface ControlAppDeps {
  platform: Platform;
  /** The control token (from `run/control.token`). */
  token: string;
  bindHost: string;
  allowedOrigins: readonly string[];
  logger: Logger;
  /** Platform-level facts for `/api/v1/status`. */
  describe(): PlatformStatus['platform'];
  /** True once every enabled server has had its first start attempt. */
  isReady(): boolean;
  /** True while shutting down: new requests get 503. */
  isClosing(): boolean;
  /** Checks an API key for a scope (`read` for GET, `admin` otherwise). Without it only the control token works. */
  verifyKey?(key: string, scope: 'read' | 'admin'): Promise<boolean>;
  /** Prometheus metrics served at `/metrics`. */
  metrics?: PlatformMetrics;
  /** Serve `/metrics` without a key. */
  publicMetrics?: boolean;
  /** The MCP gateway (`/mcp`, `/mcp/<server>`, legacy `/sse`, `/messages`), served after the edge checks. */
  gateway?: GatewayHandler;
  /** Require an API key with the `mcp` scope (or the control token) on the gateway. Default true. */
  gatewayAuth?: boolean;
  /** Checks an API key for the `mcp` scope. */
  verifyMcpKey?(key: string): Promise<boolean>;
  /** Reloads config.yaml and reconciles (`POST /api/v1/reload`); resolves with the plan applied. */
  reload?(): Promise<unknown>;
  /** Largest request body on the gateway; a larger declared Content-Length gets 413 before reading. */
  maxBodyBytes?: number;
}

const STATUS_OF: Partial<Record<PlatformErrorCode, number>> = {
  [PlatformErrorCode.ServerNotFound]: 404,
  [PlatformErrorCode.InvalidInput]: 400,
  [PlatformErrorCode.ConfigInvalid]: 422,
  [PlatformErrorCode.ConfigTooNew]: 422,
};

/** Creates the request listener. */
export function createControlApp(deps: ControlAppDeps): RequestListener {
  const router = new Router();
  const { platform } = deps;

  router.on('GET', '/health', () => ({ status: 'ok' }));
  router.on('GET', '/ready', ({ res }) => {
    const ready = deps.isReady() && !deps.isClosing();
    sendJson(res, ready ? 200 : 503, { ready });
  });
  router.on('GET', '/metrics', async ({ res }) => {
    if (!deps.metrics) throw new HttpError(404, 'NOT_FOUND', 'metrics are not enabled');
    const { contentType, body } = await deps.metrics.render();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
    return undefined;
  });
  router.on('GET', '/api/v1/status', (): PlatformStatus => ({
    platform: deps.describe(),
    ...platform.status(),
  }));
  router.on('GET', '/api/v1/openapi.json', () => buildOpenApiDocument(deps.describe().version));
  router.on('GET', '/api/v1/servers/:name', ({ params }) => platform.serverStatus(params.name!));
  for (const verb of ['start', 'stop', 'restart'] as const) {
    router.on('POST', `/api/v1/servers/:name/${verb}`, async ({ params }) => {
      const name = params.name!;
      deps.logger.info(`${verb} requested`, { server: name });
      if (verb === 'start') await platform.startServer(name);
      else if (verb === 'stop') await platform.stopServer(name);
      else await platform.restartServer(name);
      return platform.serverStatus(name);
    });
  }
  router.on('GET', '/api/v1/servers/:name/logs', (ctx) => logs(ctx, platform));
  router.on('POST', '/api/v1/reload', async () => {
    if (!deps.reload) throw new HttpError(404, 'NOT_FOUND', 'reload is not available');
    return deps.reload();
  });

  return function controlApp(req: IncomingMessage, res: ServerResponse): void {
    void handle(req, res).catch((err: unknown) => {
      deps.logger.error('request failed', {
        url: req.url,
        error: err instanceof Error ? err.message : String(err),
      });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const edge = checkHostAndOrigin(req, { bindHost: deps.bindHost, allowedOrigins: deps.allowedOrigins });
      if (!edge.ok) throw new HttpError(403, 'FORBIDDEN', edge.reason);
      if (deps.isClosing() && url.pathname !== '/health')
        throw new HttpError(503, 'SHUTTING_DOWN', 'the platform is shutting down');
      if (deps.gateway?.owns(url.pathname)) {
        if (deps.gatewayAuth !== false) {
          const token = bearerToken(req);
          const allowed =
            !!token && (safeEqual(token, deps.token) || ((await deps.verifyMcpKey?.(token)) ?? false));
          if (!allowed) {
            res.setHeader('www-authenticate', 'Bearer');
            throw new HttpError(
              401,
              'UNAUTHORIZED',
              'missing or invalid API key (create one with `mcp key create --name <client>`)',
            );
          }
        }
        const declared = Number(req.headers['content-length'] ?? 0);
        if (deps.maxBodyBytes !== undefined && declared > deps.maxBodyBytes) {
          // Refused before the body is read. The rest is discarded unbuffered so the client can read the
          // answer, up to a bound, after which the connection is cut.
          discardBody(req, deps.maxBodyBytes);
          const text = JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32000, message: `request body over ${deps.maxBodyBytes} bytes` },
            id: null,
          });
          res.writeHead(413, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
          return;
        }
        if (await deps.gateway.handle(req, res)) return;
      }
      const isProtected =
        url.pathname.startsWith('/api/') || (url.pathname === '/metrics' && !deps.publicMetrics);
      if (isProtected) {
        const token = bearerToken(req);
        const scope = req.method === 'GET' ? 'read' : 'admin';
        const allowed =
          !!token && (safeEqual(token, deps.token) || ((await deps.verifyKey?.(token, scope)) ?? false));
        if (!allowed) {
          res.setHeader('www-authenticate', 'Bearer');
          throw new HttpError(401, 'UNAUTHORIZED', 'missing or invalid token');
        }
      }
      const found = router.match(req.method ?? 'GET', url.pathname);
      if (!found.handler) {
        if (found.allowed.length) {
          res.setHeader('allow', found.allowed.join(', '));
          throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here`);
        }
        throw new HttpError(404, 'NOT_FOUND', `no route for ${url.pathname}`);
      }
      const ctx: RouteContext = {
        req,
        res,
        params: found.params,
        query: url.searchParams,
        async json<T>(limit = 1024 * 1024) {
          const body = await readBody(req, limit);
          try {
            return (body.length ? JSON.parse(body.toString('utf8')) : {}) as T;
          } catch {
            throw new HttpError(400, 'INVALID_JSON', 'request body is not valid JSON');
          }
        },
      };
      const result = await found.handler(ctx);
      if (result !== undefined && !res.headersSent) sendJson(res, 200, result);
    } catch (err) {
      if (res.headersSent) return void res.end();
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: { code: err.code, message: err.message, details: err.details } });
      } else if (isPlatformError(err)) {
        sendJson(res, STATUS_OF[err.code] ?? 500, {
          error: { code: err.code, message: err.message, hint: err.hint, details: err.data },
        });
      } else {
        throw err;
      }
    }
  }
}

function logs({ params, query, res, req }: RouteContext, platform: Platform): unknown {
  const name = params.name!;
  const n = Math.min(Math.max(Number(query.get('n') ?? 100) || 100, 1), 10_000);
  const lines = platform.tail(name, n);
  if (query.get('follow') !== '1') return { name, lines };
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  for (const line of lines) res.write(JSON.stringify({ line }) + '\n');
  const stop = platform.follow(name, (line) => res.write(JSON.stringify({ line }) + '\n'));
  const keepAlive = setInterval(() => res.write('\n'), 15_000);
  req.on('close', () => {
    stop();
    clearInterval(keepAlive);
  });
  return undefined;
}

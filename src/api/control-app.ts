/**
 * The platform's HTTP app on the gateway's listener: the edge (Host/Origin checks, shutdown), the MCP
 * gateway, the REST API under `/api/v1` (every route of `routes/index.ts`, input validated with its zod
 * schemas, scope checked, CSRF checked for cookie logins) and the dashboard at `/`. `createControlApp`
 * returns a node:http request listener; listening happens in the CLI.
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import { ZodError } from 'zod';
import type * as z from 'zod';

import { requestPath } from '../core/request-path.js';
import { isPlatformError, PlatformErrorCode } from '../errors.js';
import { discardBody } from '../gateway/http-body.js';
import { refuseUpgrade } from '../gateway/websocket-endpoint.js';

import { csrfProblem, foreignOrigin, resolveCaller } from './caller.js';
import type { ApiDeps } from './deps.js';
import { bearerToken, checkHostAndOrigin, safeEqual } from './edge.js';
import { hasScope, routerPattern, type ApiRoute, type Caller } from './route.js';
import { HttpError, readBody, Router, sendJson } from './router.js';
import { probeRoutes } from './routes/probes.js';
import { StaticAssets } from './static-assets.js';

/** What the control API needs (kept under its historical name). */
export type ControlAppDeps = ApiDeps;

const STATUS_OF: Partial<Record<PlatformErrorCode, number>> = {
  [PlatformErrorCode.ServerNotFound]: 404,
  [PlatformErrorCode.ProfileNotFound]: 404,
  [PlatformErrorCode.BackupNotFound]: 404,
  [PlatformErrorCode.InvalidInput]: 400,
  [PlatformErrorCode.InvalidName]: 400,
  [PlatformErrorCode.InvalidKey]: 400,
  [PlatformErrorCode.ServerExists]: 409,
  [PlatformErrorCode.ProfileExists]: 409,
  [PlatformErrorCode.ConfigInvalid]: 422,
  [PlatformErrorCode.ConfigTooNew]: 422,
  [PlatformErrorCode.LockTimeout]: 503,
  [PlatformErrorCode.InstallFailed]: 422,
  [PlatformErrorCode.UrlRefused]: 422,
};

const MAX_API_BODY = 1024 * 1024;

/** Creates the request listener. */
export function createControlApp(deps: ApiDeps): RequestListener {
  // The probes (health, readiness, metrics) are at hand; the other routes (their handlers, schemas and
  // the OpenAPI builder) load with the first request for one of them, or for the dashboard: a platform
  // that only MCP clients and monitoring talk to never loads them.
  const probes = routerOf(probeRoutes);
  let router: Promise<Router<ApiRoute>> | undefined;
  const routes = (): Promise<Router<ApiRoute>> =>
    (router ??= import('./routes/index.js').then(
      ({ API_ROUTES }) => routerOf(API_ROUTES),
      (err: unknown) => {
        router = undefined; // tried again by the next request
        throw err;
      },
    ));
  const assets = deps.dashboardDir ? new StaticAssets(deps.dashboardDir) : undefined;

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
    const pathname = requestPath(req.url);
    try {
      const edge = checkHostAndOrigin(req, { bindHost: deps.bindHost, allowedOrigins: deps.allowedOrigins });
      if (!edge.ok) throw new HttpError(403, 'FORBIDDEN', edge.reason);
      if (deps.isClosing() && pathname !== '/health')
        throw new HttpError(503, 'SHUTTING_DOWN', 'the platform is shutting down');
      if (deps.gateway?.owns(pathname)) {
        if (await gateway(req, res, pathname)) return;
      }
      res.setHeader('x-content-type-options', 'nosniff');
      const method = req.method ?? 'GET';
      let found = probes.match(method, pathname);
      if (!found.handler) found = (await routes()).match(method, pathname);
      const route = found.handler;
      const isApi = pathname.startsWith('/api/') || pathname === '/metrics';
      if (!route && !isApi && (req.method === 'GET' || req.method === 'HEAD')) {
        if (assets && (await assets.serve(req, res, pathname))) return;
        if (!(await assets?.available()))
          throw new HttpError(404, 'NOT_FOUND', 'the dashboard is not built here: run `npm run build`');
        throw new HttpError(404, 'NOT_FOUND', `no file ${pathname}`);
      }
      const caller = await resolveCaller(req, deps);
      if (!route) {
        if (isApi && caller.kind === 'none') unauthorized(res);
        if (found.allowed.length) {
          res.setHeader('allow', found.allowed.join(', '));
          throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here`);
        }
        throw new HttpError(404, 'NOT_FOUND', `no route for ${pathname}`);
      }
      authorize(req, res, route, caller);
      if (pathname.startsWith('/api/')) res.setHeader('cache-control', 'no-store');
      const result = await route.handler({
        params: parse(route.params, found.params, 'path parameters'),
        query: parse(route.query, queryOf(req.url), 'query'),
        body: route.body ? parse(route.body, await readJson(req), 'body') : undefined,
        caller,
        req,
        res,
        deps,
      });
      if (result !== undefined && !res.headersSent) sendJson(res, res.statusCode || 200, result);
    } catch (err) {
      if (res.headersSent) return void res.end();
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: { code: err.code, message: err.message, details: err.details } });
      } else if (isPlatformError(err)) {
        sendJson(res, STATUS_OF[err.code] ?? 500, {
          error: { code: err.code, message: err.message, hint: err.hint, details: err.data },
        });
      } else if (isMissingModule(err)) {
        // A module loaded on first use is gone: the package was upgraded or rebuilt under the running process.
        deps.logger.warn('program files changed since the platform started: restart it', {
          url: req.url,
        });
        sendJson(res, 503, {
          error: {
            code: 'RESTART_REQUIRED',
            message: "the platform's program files changed since it started (an upgrade or a rebuild)",
            hint: 'restart it: `mcp down`, then `mcp up`',
          },
        });
      } else {
        throw err;
      }
    }
  }

  /** Checks the route's scope and, for cookie logins, CSRF. Throws the HTTP error to answer. */
  function authorize(req: IncomingMessage, res: ServerResponse, route: ApiRoute, caller: Caller): void {
    const open = route.scope === 'none' || route.isPublic?.(deps) === true;
    if (!open) {
      if (caller.kind === 'none') unauthorized(res);
      if (!hasScope(caller.scopes, route.scope)) {
        throw new HttpError(
          403,
          'SCOPE_REQUIRED',
          `this needs the ${route.scope} scope; the credential has ${caller.scopes.join(', ') || 'none'}`,
        );
      }
    }
    if (route.csrf === false) {
      const origin = foreignOrigin(req);
      if (origin) throw new HttpError(403, 'FORBIDDEN', `Origin "${origin}" may not log in here`);
    } else if (caller.kind === 'session') {
      const problem = csrfProblem(req, deps);
      if (problem) throw new HttpError(403, 'CSRF', problem);
    }
  }

  /** The gateway's own auth and body limit, then the gateway; false when it did not take the request. */
  async function gateway(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    let allowed = gatewayAllows(req, deps);
    if (typeof allowed !== 'boolean') allowed = await allowed;
    if (!allowed) {
      res.setHeader('www-authenticate', 'Bearer');
      throw new HttpError(401, 'UNAUTHORIZED', GATEWAY_UNAUTHORIZED);
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
      res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return true;
    }
    return deps.gateway!.handle(req, res, pathname);
  }
}

function routerOf(routes: readonly ApiRoute[]): Router<ApiRoute> {
  const router = new Router<ApiRoute>();
  for (const route of routes) router.on(route.method.toUpperCase(), routerPattern(route.path), route);
  return router;
}

const GATEWAY_UNAUTHORIZED = 'missing or invalid API key (create one with `mcp key create --name <client>`)';

/**
 * Whether the request's credential may use the gateway: the platform token, or a key with the mcp scope.
 * Synchronous when the key was verified a moment ago (the usual case on the hot path).
 */
function gatewayAllows(req: IncomingMessage, deps: ApiDeps): boolean | Promise<boolean> {
  if (deps.gatewayAuth === false) return true;
  const token = bearerToken(req);
  if (!token) return false;
  if (safeEqual(token, deps.token)) return true;
  const recalled = deps.recallKey?.(token);
  if (recalled) return hasScope(recalled.scopes, 'mcp');
  return Promise.resolve(deps.identifyKey?.(token)).then((id) => !!id && hasScope(id.scopes, 'mcp'));
}

/**
 * The upgrade listener of the control app's server: WebSocket sessions on the gateway's `/ws` paths, after
 * the same Host/Origin checks and API-key auth as `/mcp`; anything else is refused.
 */
export function createControlUpgrade(
  deps: ApiDeps,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    void (async () => {
      const edge = checkHostAndOrigin(req, { bindHost: deps.bindHost, allowedOrigins: deps.allowedOrigins });
      if (!edge.ok) return refuseUpgrade(socket, 403, 'Forbidden');
      if (deps.isClosing() || !deps.gateway) return refuseUpgrade(socket, 503, 'Service Unavailable');
      if (!(await gatewayAllows(req, deps)))
        return refuseUpgrade(socket, 401, 'Unauthorized', 'www-authenticate: Bearer\r\n');
      if (!(await deps.gateway.upgrade(req, socket, head))) refuseUpgrade(socket, 404, 'Not Found');
    })().catch((err: unknown) => {
      deps.logger.error('upgrade failed', { url: req.url, error: String(err) });
      socket.destroy();
    });
  };
}

/** The query parameters of a request target. */
function queryOf(target: string | undefined): Record<string, string> {
  return Object.fromEntries(new URL(target ?? '/', 'http://localhost').searchParams);
}

function unauthorized(res: ServerResponse): never {
  res.setHeader('www-authenticate', 'Bearer');
  throw new HttpError(401, 'UNAUTHORIZED', 'missing or invalid token');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_API_BODY);
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'request body is not valid JSON');
  }
}

/** Validates input with a route schema; a failure is a 400 naming every problem. */
function parse(schema: z.ZodType | undefined, value: unknown, what: string): unknown {
  if (!schema) return {};
  try {
    return schema.parse(value);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new HttpError(
      400,
      'INVALID_INPUT',
      `invalid ${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
      { issues },
    );
  }
}

/** Whether `err` is the failure of a dynamic `import()` whose file no longer exists. */
function isMissingModule(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_MODULE_NOT_FOUND';
}

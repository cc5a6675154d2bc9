/**
 * `mcp bridge --stdio "<command>"`: one stdio server exposed over Streamable HTTP (`/mcp`), the legacy
 * HTTP+SSE transport (`/sse` + `/messages`) and WebSocket (`/ws`, subprotocol `mcp`), with the gateway's own machinery: the supervisor runs the child
 * (process group, restart with backoff, no orphans), and the gateway handler gives sessions, 404 for
 * unknown sessions, server-to-client requests routed back, progress, cancellation — for that one server,
 * under its original names.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';

import { bearerToken, checkHostAndOrigin, credentialFingerprint, safeEqual } from '../api/edge.js';
import { configSchema } from '../config/schema.js';
import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';
import { createGatewayHandler, UPSTREAM_CLIENT_CAPABILITIES, type GatewayHandler } from '../gateway/index.js';
import { refuseUpgrade } from '../gateway/websocket-endpoint.js';
import type { Logger } from '../observability/logger.js';
import { Platform } from '../platform/platform.js';

/** Options of {@link startStdioBridge}. */
export interface StdioBridgeOptions {
  /** The server's argv. */
  argv: string[];
  /** Name of the server (logs, instructions). Default: the command's base name. */
  name?: string;
  host: string;
  port: number;
  /** Require this bearer key; none on loopback when omitted. */
  apiKey?: string | undefined;
  /** Extra browser origins allowed. */
  allowedOrigins?: string[];
  env?: Record<string, string>;
  logger: Logger;
}

/** A running bridge. */
export interface StdioBridge {
  /** `http://host:port`. */
  readonly origin: string;
  readonly platform: Platform;
  readonly gateway: GatewayHandler;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts the child and the HTTP front; resolves once listening (the child may still be starting). */
export async function startStdioBridge(o: StdioBridgeOptions): Promise<StdioBridge> {
  if (!o.apiKey && !LOOPBACK.has(o.host)) {
    throw new UsageError(`refusing to serve ${o.host} without --api-key: only loopback may go without one`);
  }
  const name =
    (
      o.name ??
      path
        .basename(o.argv[0]!)
        .replace(/[^a-z0-9-]+/gi, '-')
        .toLowerCase()
    ).slice(0, 32) || 'server';
  const config = configSchema.parse({
    version: 2,
    servers: { [name]: { command: o.argv[0], args: o.argv.slice(1), env: o.env ?? {} } },
    profiles: { default: { servers: [name] } },
    activeProfile: 'default',
  });
  const logsDir = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-'));
  const platform = new Platform({
    config,
    profile: 'default',
    logsDir,
    resolvers: {
      env: () => undefined,
      secret: (n) => Promise.reject(new Error(`no secret ${n} in a bridge`)),
    },
    logger: o.logger,
    clientCapabilities: UPSTREAM_CLIENT_CAPABILITIES,
    supervisor: { sampleIntervalMs: 0 },
  });
  const gateway = createGatewayHandler({
    platform,
    logger: o.logger,
    principalOf: credentialFingerprint,
    serverInfo: { name: `mcp-bridge (${name})`, version: '1' },
  });
  const authorized = (req: IncomingMessage): boolean => {
    if (!o.apiKey) return true;
    const presented = bearerToken(req);
    return !!presented && safeEqual(presented, o.apiKey);
  };
  const http: Server = createServer((req, res) => {
    const edge = checkHostAndOrigin(req, { bindHost: o.host, allowedOrigins: o.allowedOrigins ?? [] });
    if (!edge.ok) return void res.writeHead(403, { 'content-type': 'text/plain' }).end(edge.reason);
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.pathname === '/health')
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok', server: platform.serverStatus(name).state }));
    if (!authorized(req))
      return void res
        .writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' })
        .end('missing or invalid API key');
    req.url = singleServerUrl(url);
    void gateway.handle(req, res).then((handled) => {
      if (!handled && !res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
  });
  // The one server under its original names: /mcp, /sse and /ws are its single-server paths.
  const singleServerUrl = (url: URL): string => {
    const single = url.pathname.replace(/\/+$/, '');
    return ['/mcp', '/sse', '/ws'].includes(single)
      ? `${single}/${encodeURIComponent(name)}${url.search}`
      : `${url.pathname}${url.search}`;
  };
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const edge = checkHostAndOrigin(req, { bindHost: o.host, allowedOrigins: o.allowedOrigins ?? [] });
    if (!edge.ok) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!authorized(req)) return refuseUpgrade(socket, 401, 'Unauthorized', 'www-authenticate: Bearer\r\n');
    req.url = singleServerUrl(new URL(req.url ?? '/', 'http://bridge'));
    void gateway.upgrade(req, socket, head).then((handled) => {
      if (!handled) refuseUpgrade(socket, 404, 'Not Found');
    });
  });
  http.headersTimeout = 10_000;
  http.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) => {
      rmSync(logsDir, { recursive: true, force: true });
      reject(
        new PlatformError(
          PlatformErrorCode.InvalidInput,
          err.code === 'EADDRINUSE'
            ? `port ${o.port} on ${o.host} is already in use`
            : `cannot listen on ${o.host}:${o.port}: ${err.message}`,
          { host: o.host, port: o.port },
          { cause: err, hint: 'choose another with --port (0 picks a free one)' },
        ),
      );
    });
    http.listen(o.port, o.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const origin = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  await platform.start();
  return {
    origin,
    platform,
    gateway,
    async close() {
      await gateway.close().catch(() => undefined);
      await platform.close().catch(() => undefined);
      await new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
      rmSync(logsDir, { recursive: true, force: true });
    },
  };
}

/**
 * Streamable HTTP for an MCP server on plain `node:http`, with stateful sessions.
 *
 * Each session gets its own `McpServer` (one server serves one transport) and its own
 * `StreamableHTTPServerTransport`. DNS-rebinding protection is on: the transport only accepts
 * `Host` headers naming a loopback address (plus whatever you allow), and same-origin `Origin`s.
 *
 * This file is identical in every example under `examples/` so that each folder can be copied
 * on its own. Change one copy, change them all.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** Host names a loopback-bound server answers to. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** Options of {@link createMcpHttpHandler}. */
export interface McpHttpHandlerOptions {
  /** Builds a fresh server for each new session. */
  readonly createServer: () => McpServer;
  /** Path of the MCP endpoint. Default `/mcp`. */
  readonly path?: string;
  /**
   * Extra `Host` header values to accept besides the loopback names, as `name` (any port) or
   * `name:port`. Needed when the server is reached under another name, e.g. behind a proxy.
   */
  readonly allowedHosts?: readonly string[];
  /** Receives non-fatal errors: failed requests, rejected `Host` headers. */
  readonly onerror?: (error: Error) => void;
}

/** The request handler plus its session bookkeeping. */
export interface McpHttpHandler {
  /** Handles one HTTP request; never rejects (failures become a JSON-RPC error response). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Number of open sessions. */
  sessionCount(): number;
  /** Closes every session. */
  close(): Promise<void>;
}

/**
 * Creates the request handler. Listening is left to the caller ({@link startHttpServer}).
 * @example
 * const handler = createMcpHttpHandler({ createServer: () => createEchoServer() });
 * http.createServer((req, res) => void handler.handle(req, res)).listen(3000, '127.0.0.1');
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  const path = options.path ?? '/mcp';
  const extraHosts = options.allowedHosts ?? [];
  const sessions = new Map<string, { server: McpServer; transport: StreamableHTTPServerTransport }>();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return sendError(res, 404, 'Not found');

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // 404 tells the client its session is gone and it should initialize again.
      if (!session) return sendError(res, 404, 'Session not found');
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') return sendError(res, 400, 'Mcp-Session-Id header is required');

    // A POST without a session may only be `initialize`; the transport answers anything else with 400.
    const hosts = allowedHostHeaders(req.socket.localPort ?? 0, extraHosts);
    const server = options.createServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { server, transport }),
      // The SDK marks these options deprecated in favour of its Express middleware; on plain
      // node:http they are the SDK's own way to validate Host and Origin, so we use them.
      enableDnsRebindingProtection: true,
      allowedHosts: hosts,
      allowedOrigins: hosts.map((h) => `http://${h}`),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    if (options.onerror) transport.onerror = options.onerror;
    await server.connect(transport);
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await server.close();
  }

  return {
    async handle(req, res) {
      try {
        await route(req, res);
      } catch (error) {
        options.onerror?.(error instanceof Error ? error : new Error(String(error)));
        if (!res.headersSent) sendError(res, 500, 'Internal server error');
        else res.end();
      }
    },
    sessionCount: () => sessions.size,
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map((s) => s.server.close()));
    },
  };
}

/** Options of {@link startHttpServer}. */
export interface StartHttpServerOptions extends McpHttpHandlerOptions {
  /** Interface to bind. Default `127.0.0.1`: only this machine can connect. */
  readonly host?: string;
  /** Port; `0` picks a free one. Default `3000`. */
  readonly port?: number;
}

/** A listening server. */
export interface RunningHttpServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: URL;
  /** Closes all sessions and connections, then stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server that serves MCP at `options.path`.
 * @example
 * const running = await startHttpServer({ createServer: () => createEchoServer(), port: 0 });
 * console.error(`listening on ${running.url}`);
 */
export async function startHttpServer(options: StartHttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  // The host we are bound to is always a valid Host header; a literal IP cannot be rebound.
  const bound = isWildcard(host) ? [] : [hostHeaderName(host)];
  const handler = createMcpHttpHandler({
    ...options,
    allowedHosts: [...bound, ...(options.allowedHosts ?? [])],
  });
  const server = createServer((req, res) => void handler.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = isWildcard(host) ? '127.0.0.1' : hostHeaderName(host);
  return {
    url: new URL(`http://${urlHost}:${port}${options.path ?? '/mcp'}`),
    async close() {
      await handler.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Open SSE streams would otherwise keep `close()` waiting forever.
        server.closeAllConnections();
      });
    },
  };
}

/** `Host` header values accepted on `port`: loopback names plus the extras (`name` or `name:port`). */
export function allowedHostHeaders(port: number, extra: readonly string[] = []): string[] {
  const withPort = (h: string): string => (/:\d+$/.test(h) ? h : `${h}:${port}`);
  return [...new Set([...LOOPBACK_HOSTS, ...extra].map(withPort))];
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** IPv6 literals are bracketed in `Host` headers and URLs. */
function hostHeaderName(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

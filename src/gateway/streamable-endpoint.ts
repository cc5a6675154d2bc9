/**
 * MCP Streamable HTTP on the gateway (`/mcp`, `/mcp/<server>`): a `POST` of `initialize` without a session id
 * opens a session on the gateway's own {@link HttpServerTransport}; every later request names its session in
 * `Mcp-Session-Id` and must come on the path and with the credential the session was opened with (404
 * otherwise).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

import type { DownstreamSession } from './downstream-session.js';
import type { Scope } from './gateway-context.js';
import { batchProblem, readJson, sendRpcError } from './http-body.js';
import { HttpServerTransport } from './http-server-transport.js';
import type { SessionOpener } from './session-opener.js';

/** Options of {@link createStreamableEndpoint}. */
export interface StreamableEndpointOptions extends SessionOpener {
  maxBodyBytes: number;
  /** Interval of SSE keep-alive comments on the session's event streams. */
  keepAliveMs: number;
  /** Tracks an HTTP exchange of a session (idle expiry, keep-alive). */
  track(session: DownstreamSession, req: IncomingMessage, res: ServerResponse): void;
}

/** Serves one Streamable HTTP request on a path whose scope is known. */
export type StreamableServe = (req: IncomingMessage, res: ServerResponse, scope: Scope) => Promise<void>;

/** Creates the Streamable HTTP face of a gateway (mounted by `createGatewayHandler`). */
export function createStreamableEndpoint(o: StreamableEndpointOptions): StreamableServe {
  const { sessions, track, maxBodyBytes } = o;

  async function openSession(
    scope: Scope,
    owner: string,
    keyTools: readonly string[],
  ): Promise<[DownstreamSession, HttpServerTransport]> {
    const transport = new HttpServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Called during the first handleRequest, after `session` is assigned.
      onsessioninitialized: (id) => sessions.add(id, session),
      keepAliveMs: o.keepAliveMs,
    });
    const session = o.createSession(scope, transport, owner, keyTools);
    await session.open();
    return [session, transport];
  }

  async function serve(req: IncomingMessage, res: ServerResponse, scope: Scope): Promise<void> {
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    const owner = o.principalOf(req);
    if (sessionId) {
      const session = sessions.get(sessionId);
      // A session belongs to the path (and transport) it was opened on, and to the credential that opened it.
      if (
        !session ||
        !(session.transport instanceof HttpServerTransport) ||
        !sameScope(session.scope, scope) ||
        session.owner !== owner
      )
        return sendRpcError(res, 404, -32001, 'Session not found');
      track(session, req, res);
      if (req.method !== 'POST') return session.transport.handleRequest(req, res);
      const body = await readJson(req, maxBodyBytes);
      if (!body.ok) return sendRpcError(res, body.status, body.code, body.message);
      const problem = batchProblem(body.value, req.headers['mcp-protocol-version']);
      if (problem) return sendRpcError(res, 400, -32600, problem);
      return session.transport.handleRequest(req, res, body.value);
    }
    if (req.method === 'POST') {
      const body = await readJson(req, maxBodyBytes);
      if (!body.ok) return sendRpcError(res, body.status, body.code, body.message);
      const problem = batchProblem(body.value, req.headers['mcp-protocol-version']);
      if (problem) return sendRpcError(res, 400, -32600, problem);
      const init = Array.isArray(body.value)
        ? body.value.some(isInitializeRequest)
        : isInitializeRequest(body.value);
      if (!init) return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      const [session, transport] = await openSession(scope, owner, await o.keyToolsOf(req));
      track(session, req, res);
      await transport.handleRequest(req, res, body.value);
      if (!transport.sessionId || !sessions.get(transport.sessionId)) await session.close();
      return;
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    res.setHeader('allow', 'GET, POST, DELETE');
    return sendRpcError(res, 405, -32000, 'Method not allowed');
  }

  return serve;
}

function sameScope(a: Scope, b: Scope): boolean {
  return (
    a.style === b.style &&
    a.servers.length === b.servers.length &&
    a.servers.every((s, i) => s === b.servers[i])
  );
}

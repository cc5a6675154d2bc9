/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05) over the same gateway, for clients that predate
 * Streamable HTTP: `GET /sse` (or `/sse/<server>`) opens the event stream, whose first `endpoint` event
 * names `/messages?sessionId=<id>`; the client POSTs its messages there. Each stream is one
 * {@link DownstreamSession} on the SDK's `SSEServerTransport`, registered with the same
 * {@link SessionRegistry} as Streamable HTTP sessions, so forwarding, namespacing, server-to-client
 * routing and list_changed are the same.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

// The SDK deprecates the legacy transport for new servers; serving old clients is what this module is for.
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { DownstreamSession } from './downstream-session.js';
import type { Scope } from './gateway-context.js';
import { readJson, sendRpcError } from './http-body.js';
import type { SessionOpener } from './session-opener.js';

/** Options of {@link createLegacySseEndpoint}. */
export interface LegacySseOptions extends SessionOpener {
  /** Path of the event stream (`/sse`); `<ssePath>/<server>` opens a single-server session. */
  ssePath: string;
  /** Path clients POST their messages to (`/messages`), with `?sessionId=`. */
  messagesPath: string;
  maxBodyBytes: number;
  /** Tracks an HTTP exchange of a session (idle expiry, keep-alive). */
  track(session: DownstreamSession, req: IncomingMessage, res: ServerResponse): void;
}

/** The legacy SSE face of a gateway. */
export interface LegacySseEndpoint {
  /** Whether `pathname` is one of its paths. */
  owns(pathname: string): boolean;
  /** Serves the request if its path is one of its own; resolves false (untouched) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

/**
 * Creates the legacy SSE endpoint of a gateway (mounted by `createGatewayHandler`).
 * @example
 * const sse = createLegacySseEndpoint({ ssePath: '/sse', messagesPath: '/messages', maxBodyBytes, sessions, scopeAt, createSession, logger });
 * if (await sse.handle(req, res, url.pathname)) return;
 */
export function createLegacySseEndpoint(o: LegacySseOptions): LegacySseEndpoint {
  const trim = (p: string): string => p.replace(/\/+$/, '');
  const messagesPath = trim(o.messagesPath);

  async function openStream(req: IncomingMessage, res: ServerResponse, scope: Scope): Promise<void> {
    const transport = new SSEServerTransport(messagesPath, res);
    const keyTools = await o.keyToolsOf(req);
    const session = o.createSession(scope, transport, o.principalOf(req), keyTools);
    o.track(session, req, res);
    // Registered before the stream opens: the client POSTs as soon as it reads the endpoint event.
    o.sessions.add(transport.sessionId, session);
    await session.open();
    // A client gone before the stream opened never fires the transport's close.
    if (req.destroyed || res.destroyed) await session.close();
    else
      o.logger.debug('legacy SSE session opened', { session: transport.sessionId, servers: scope.servers });
  }

  async function postMessage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendRpcError(res, 405, -32000, 'Method not allowed');
    }
    const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sessionId');
    if (!id) return sendRpcError(res, 400, -32000, 'Bad Request: sessionId is required');
    const session = o.sessions.get(id);
    // Streamable HTTP sessions share the registry; their ids are unknown here. A session answers only the
    // credential that opened its stream.
    if (
      !session ||
      !(session.transport instanceof SSEServerTransport) ||
      session.owner !== o.principalOf(req)
    )
      return sendRpcError(res, 404, -32001, 'Session not found');
    const body = await readJson(req, o.maxBodyBytes);
    if (!body.ok) return sendRpcError(res, body.status, body.code, body.message);
    await session.transport.handlePostMessage(req, res, body.value);
  }

  return {
    owns(pathname) {
      const path = trim(pathname);
      return path === messagesPath || o.scopeAt(o.ssePath, path) !== null;
    },
    async handle(req, res, pathname) {
      const path = trim(pathname);
      if (path === messagesPath) {
        await postMessage(req, res);
        return true;
      }
      const scope = o.scopeAt(o.ssePath, path);
      if (scope === null) return false;
      if (scope === undefined) sendRpcError(res, 404, -32001, 'Unknown server');
      else if (req.method !== 'GET') {
        res.setHeader('allow', 'GET');
        sendRpcError(res, 405, -32000, 'Method not allowed');
      } else await openStream(req, res, scope);
      return true;
    },
  };
}

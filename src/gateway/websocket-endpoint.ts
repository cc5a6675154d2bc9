/**
 * MCP over WebSocket on the gateway: an HTTP upgrade on `/ws` (every server, names namespaced) or
 * `/ws/<server>` (one server, original names) with the `mcp` subprotocol opens one session; each text
 * frame is one JSON-RPC message. The session is a {@link DownstreamSession} registered with the same
 * {@link SessionRegistry} as the HTTP ones, so forwarding, namespacing, server-to-client requests and
 * list_changed are the same. The `ws` package loads with the first upgrade.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { WebSocketServer } from 'ws';

import { MCP_SUBPROTOCOL } from '../transports/websocket-frame.js';

import type { Scope } from './gateway-context.js';
import type { SessionOpener } from './session-opener.js';
import { WebSocketServerTransport } from './websocket-server-transport.js';

/** Options of {@link createWebSocketEndpoint}. */
export interface WebSocketEndpointOptions extends SessionOpener {
  /** The upgrade path (`/ws`); `<wsPath>/<server>` opens a single-server session. */
  wsPath: string;
  /** Largest accepted frame. */
  maxPayloadBytes: number;
  /** Interval of pings; a socket that missed the previous pong is ended. 0 disables. */
  keepAliveMs: number;
}

/** The WebSocket face of a gateway. */
export interface WebSocketEndpoint {
  /** Whether `pathname` is one of its paths. */
  owns(pathname: string): boolean;
  /** Takes the upgrade if its path is one of its own (answering errors itself); false, untouched, otherwise. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): Promise<boolean>;
  /** Stops accepting; open sockets close with their sessions. */
  close(): void;
}

/** Answers an upgrade request with a plain HTTP error and ends the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, headers = ''): void {
  if (!socket.writable) return void socket.destroy();
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: text/plain\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`,
  );
}

/** Creates the WebSocket endpoint of a gateway (mounted by `createGatewayHandler`). */
export function createWebSocketEndpoint(o: WebSocketEndpointOptions): WebSocketEndpoint {
  const wsPath = o.wsPath.replace(/\/+$/, '');
  let server: Promise<WebSocketServer> | undefined;
  const serverOf = (): Promise<WebSocketServer> =>
    (server ??= import('ws').then(
      ({ WebSocketServer }) =>
        new WebSocketServer({
          noServer: true,
          maxPayload: o.maxPayloadBytes,
          handleProtocols: (offered) => (offered.has(MCP_SUBPROTOCOL) ? MCP_SUBPROTOCOL : false),
        }),
    ));

  return {
    owns: (pathname) => o.scopeAt(wsPath, pathname) !== null,
    async upgrade(req, socket, head, pathname) {
      const scope = o.scopeAt(wsPath, pathname);
      if (scope === null) return false;
      const offered = req.headers['sec-websocket-protocol'];
      if (scope === undefined) refuseUpgrade(socket, 404, 'Unknown server');
      else if (offered && !offered.split(',').some((p) => p.trim() === MCP_SUBPROTOCOL))
        refuseUpgrade(socket, 400, `Subprotocol ${MCP_SUBPROTOCOL} required`);
      else await accept(req, socket, head, scope);
      return true;
    },
    close() {
      void server?.then((wss) => wss.close());
    },
  };

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, scope: Scope): Promise<void> {
    const owner = o.principalOf(req);
    const keyTools = await o.keyToolsOf(req);
    const wss = await serverOf();
    wss.handleUpgrade(req, socket, head, (ws) => {
      const transport = new WebSocketServerTransport(ws);
      const session = o.createSession(scope, transport, owner, keyTools);
      const end = session.exchange();
      let alive = true;
      const pinger =
        o.keepAliveMs > 0
          ? setInterval(() => {
              if (!alive) return void ws.terminate();
              alive = false;
              ws.ping();
            }, o.keepAliveMs)
          : undefined;
      pinger?.unref();
      ws.on('pong', () => (alive = true));
      ws.once('close', () => {
        if (pinger) clearInterval(pinger);
        end();
      });
      o.sessions.add(transport.sessionId, session);
      session.open().then(
        () => o.logger.debug('WebSocket session opened', { servers: scope.servers }),
        (err: unknown) => {
          o.logger.warn('WebSocket session failed to open', { error: String(err) });
          void session.close();
        },
      );
    });
  }
}

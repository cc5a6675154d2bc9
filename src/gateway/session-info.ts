/**
 * What the API shows of a live client session, and the gateway's events for the API's event stream.
 * @module
 */
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

import type { DownstreamSession } from './downstream-session.js';
import { WebSocketServerTransport } from './websocket-server-transport.js';

/** One live session, without anything that would let another party use it. */
export interface GatewaySessionInfo {
  /** The first characters of the session id (the full id is the client's). */
  id: string;
  /** What the client said it is at `initialize`. */
  client: { name: string; version: string } | null;
  /** `streamable-http` (`/mcp`), `sse` (legacy `/sse`) or `websocket` (`/ws`). */
  transport: 'streamable-http' | 'sse' | 'websocket';
  /** The servers the session sees and how names are formed. */
  servers: string[];
  style: 'prefixed' | 'original';
  /** Fingerprint of the credential that opened it (SHA-256, base64url; '' without auth). */
  owner: string;
  openedAt: number;
  lastActive: number;
  /** HTTP exchanges open now (requests in progress, event streams). */
  openExchanges: number;
}

/** Events of a gateway handler. */
export interface GatewayEvents {
  session: [{ event: 'opened' | 'closed'; session: GatewaySessionInfo }];
  /** A server's tools, prompts or resources changed (or it came or went). */
  lists: [{ server: string; kinds: readonly string[] }];
}

/** The info of a session. */
export function describeSession(s: DownstreamSession): GatewaySessionInfo {
  const client = s.server.getClientVersion();
  return {
    id: s.id.slice(0, 8),
    client: client ? { name: client.name, version: client.version } : null,
    transport:
      s.transport instanceof SSEServerTransport
        ? 'sse'
        : s.transport instanceof WebSocketServerTransport
          ? 'websocket'
          : 'streamable-http',
    servers: [...s.scope.servers],
    style: s.scope.style,
    owner: s.owner,
    openedAt: s.openedAt,
    lastActive: s.lastActive,
    openExchanges: s.openExchanges,
  };
}

/**
 * Which client session a server-to-client request (sampling, elicitation, roots) belongs to, when several
 * sessions share one upstream connection.
 *
 * MCP gives no field that ties such a request to the client request that caused it: over stdio the server
 * just sends it. So the gateway tracks the requests it has forwarded to each server and still awaits, and
 * routes a server's request to the session of the most recent of them that can take it (declared the
 * capability). With one call in flight this is exact; with several from different sessions it is a guess,
 * reported as `ambiguous`. With none in flight there is nobody to ask and the request fails.
 * @module
 */
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The downstream request a forwarded call serves. */
export interface CallOrigin {
  readonly sessionId: string;
  /** The downstream JSON-RPC id: server-to-client requests are sent on its response stream. */
  readonly requestId: RequestId;
}

/** The result of routing. */
export interface RoutedCall {
  readonly origin: CallOrigin;
  /** True when calls of more than one session were in flight, so the choice was a guess. */
  readonly ambiguous: boolean;
}

/** How server-to-client requests find their session; a per-session upstream would route trivially. */
export interface ServerRequestRouter {
  /** The session to send a request of `server` to, among those `accepts` allows. */
  route(server: string, accepts: (origin: CallOrigin) => boolean): RoutedCall | undefined;
}

/**
 * In-flight forwarded calls per server, in start order.
 * @example
 * const end = calls.begin('fs', { sessionId, requestId }); try { await forward(); } finally { end(); }
 */
export class InflightCalls implements ServerRequestRouter {
  private seq = 0;
  private readonly byServer = new Map<string, Map<number, CallOrigin>>();

  /** Records a call to `server` until the returned function is called. */
  begin(server: string, origin: CallOrigin): () => void {
    const id = this.seq++;
    let calls = this.byServer.get(server);
    if (!calls) this.byServer.set(server, (calls = new Map()));
    calls.set(id, origin);
    // The server's map stays when it empties: one call at a time would otherwise make a map per call.
    return () => void calls.delete(id);
  }

  /** Calls in flight to every server. */
  get total(): number {
    let n = 0;
    for (const calls of this.byServer.values()) n += calls.size;
    return n;
  }

  /** Number of calls in flight to `server`. */
  count(server: string): number {
    return this.byServer.get(server)?.size ?? 0;
  }

  route(server: string, accepts: (origin: CallOrigin) => boolean): RoutedCall | undefined {
    const calls = [...(this.byServer.get(server)?.values() ?? [])];
    const chosen = calls.reverse().find(accepts);
    if (!chosen) return undefined;
    const sessions = new Set(calls.map((c) => c.sessionId));
    return { origin: chosen, ambiguous: sessions.size > 1 };
  }
}

/**
 * The two moves every forwarding handler makes: send one request to one server on behalf of a session
 * (progress relayed, cancellation propagated, the call recorded for server-to-client routing), and gather
 * one list from every server of the session's scope (fail-open).
 * @module
 */
import type { Progress } from '@modelcontextprotocol/sdk/types.js';

import type { NamedItem, ServerItems } from './catalog.js';
import { serverUnavailable, unknownName } from './errors.js';
import type { Call } from './gateway-context.js';
import { guessServer } from './namespacing.js';
import { takeProgressToken, type JsonObject } from './passthrough.js';
import type { ListKind } from './upstream-pool.js';

/**
 * Forwards `method` to `server`. A downstream progress token is replaced by the SDK's own upstream and
 * progress is relayed to this session with the original token; the downstream abort signal (client
 * `notifications/cancelled`, session end) cancels the upstream request.
 */
export async function forward(
  call: Call,
  server: string,
  method: string,
  params: JsonObject,
): Promise<JsonObject> {
  const { params: upstreamParams, token } = takeProgressToken(params);
  const end = call.ctx.calls.begin(server, { sessionId: call.session.id, requestId: call.extra.requestId });
  const relay = (progress: Progress): void => {
    call.extra
      .sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken: token! } })
      .catch(() => undefined);
  };
  const started = performance.now();
  let ok = false;
  try {
    const result = await call.session.upstreamFor(server).request(server, method, upstreamParams, {
      signal: call.extra.signal,
      ...(token === undefined ? {} : { onprogress: relay }),
    });
    ok = result.isError !== true;
    return result;
  } finally {
    end();
    const tool = method === 'tools/call' && typeof params.name === 'string' ? params.name : '';
    call.ctx.observe?.(server, method, tool, (performance.now() - started) / 1000, ok);
  }
}

/**
 * One list from every server of the scope, in profile order; servers that are down, failing or slow are
 * left out. With `target`, only that server is waited for and the others count with what is at hand: a
 * call is routed without waiting on unrelated slow servers, by the names the client was last shown.
 */
export async function gather(call: Call, kind: ListKind, target?: string): Promise<ServerItems[]> {
  const { session } = call;
  const lists = await Promise.all(
    session.scope.servers.map(async (server) => ({
      server,
      items: await session
        .upstreamFor(server)
        .list(server, kind, target === undefined || server === target ? undefined : 0),
    })),
  );
  return lists.filter((l): l is { server: string; items: NamedItem[] } => l.items !== undefined);
}

/** The server an exposed tool or prompt name most likely belongs to (the only one on `/mcp/<server>`). */
export function targetOf(call: Call, name: string): string | undefined {
  const { scope } = call.session;
  return scope.style === 'original'
    ? scope.servers[0]
    : guessServer(name, scope.servers, call.ctx.naming.separator);
}

/**
 * The error for a name the scope does not expose: the server's state when the name points at a server that
 * is not running (its tools are not listed then), else an unknown-name error.
 */
export function notExposed(call: Call, kind: 'tool' | 'prompt', name: string): Error {
  const server = targetOf(call, name);
  if (server !== undefined) {
    const state = call.ctx.upstreams.state(server);
    if (state !== 'running') return serverUnavailable(server, state);
  }
  return unknownName(kind, name);
}

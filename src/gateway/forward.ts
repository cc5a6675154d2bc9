/**
 * The two moves every forwarding handler makes: send one request to one server on behalf of a session
 * (progress relayed, cancellation propagated, the call recorded for server-to-client routing), and gather
 * one list from every server of the session's scope (fail-open).
 * @module
 */
import { ErrorCode, McpError, type Progress } from '@modelcontextprotocol/sdk/types.js';

import type { NamedItem, ServerItems } from './catalog.js';
import { circuitOpen, GatewayErrorCode, RelayedError, unknownName } from './errors.js';
import type { Call, UpstreamRequestOptions } from './gateway-context.js';
import { guessServer } from './namespacing.js';
import { takeProgressToken, type JsonObject } from './passthrough.js';
import type { ListKind } from './upstream-pool.js';

/** Methods that change nothing upstream: retried (at most twice) when the connection to the server broke. */
const IDEMPOTENT = new Set([
  'resources/read',
  'resources/list',
  'resources/templates/list',
  'prompts/get',
  'prompts/list',
  'tools/list',
  'completion/complete',
]);

/** States from which a server comes back by itself soon (a retry may find it running). */
const COMING_BACK = new Set(['starting', 'backoff']);

/**
 * Forwards `method` to `server`. A downstream progress token is replaced by the SDK's own upstream and
 * progress is relayed to this session with the original token; the downstream abort signal (client
 * `notifications/cancelled`, session end) cancels the upstream request. The server's circuit breaker may
 * refuse the call at once; its deadlines apply (progress restarts the per-request one, up to the cap; on
 * expiry the server is sent `notifications/cancelled`); `tools/call` is never retried, idempotent methods
 * at most twice, with jitter, when the connection broke.
 */
export async function forward(
  call: Call,
  server: string,
  method: string,
  params: JsonObject,
): Promise<JsonObject> {
  const breaker = call.ctx.breaker(server);
  const admission = breaker.admit();
  if (!admission.ok) throw circuitOpen(server, admission.reason, admission.retryInMs);
  const { params: upstreamParams, token } = takeProgressToken(params);
  const end = call.ctx.calls.begin(server, { sessionId: call.session.id, requestId: call.extra.requestId });
  const tool = method === 'tools/call' && typeof params.name === 'string' ? params.name : '';
  const { timeout, maxTotalTimeout } = call.ctx.deadlines(server, tool);
  const options: UpstreamRequestOptions = { timeout, maxTotalTimeout };
  if (call.extra.cancel) options.cancel = call.extra.cancel;
  else options.signal = call.extra.signal;
  if (token !== undefined) {
    options.onprogress = (progress: Progress): void => {
      call.extra
        .sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken: token } })
        .catch(() => undefined);
    };
  }
  const upstream = call.session.upstreamFor(server);
  const started = performance.now();
  let ok = false;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await upstream.request(server, method, upstreamParams, options);
        ok = result.isError !== true;
        breaker.record(true);
        return result;
      } catch (err) {
        if (attempt < 2 && IDEMPOTENT.has(method) && !aborted(call) && retryable(call, server, err)) {
          call.ctx.logger.debug('retrying', { server, method, attempt: attempt + 1, error: String(err) });
          await new Promise((r) => setTimeout(r, (250 + Math.random() * 500) * 2 ** attempt));
          continue;
        }
        breaker.record(aborted(call) || !isServerFailure(err));
        throw err;
      }
    }
  } finally {
    end();
    const { observe } = call.ctx;
    if (observe) later(observe, server, method, tool, (performance.now() - started) / 1000, ok);
  }
}

type Observe = NonNullable<Call['ctx']['observe']>;

/** Observations waiting for the loop's check phase: metrics are not on the way of the answer. */
let observations: Array<[Observe, ...Parameters<Observe>]> = [];

function later(observe: Observe, ...args: Parameters<Observe>): void {
  if (observations.push([observe, ...args]) === 1) setImmediate(flushObservations);
}

function flushObservations(): void {
  const due = observations;
  observations = [];
  for (const [observe, ...args] of due) observe(...args);
}

/** Whether the client cancelled the call (or its session ended). */
function aborted(call: Call): boolean {
  return call.extra.cancel ? call.extra.cancel.aborted : call.extra.signal.aborted;
}

function codeOf(err: unknown): number | undefined {
  return err instanceof McpError || err instanceof RelayedError ? err.code : undefined;
}

function phaseOf(err: unknown): unknown {
  const data = (err as McpError).data as { phase?: unknown } | undefined;
  return data?.phase;
}

/** Failures that say something about the server's health (not about the request). */
function isServerFailure(err: unknown): boolean {
  const code = codeOf(err);
  if (code === GatewayErrorCode.ServerUnavailable) {
    // A server that is simply not running fails fast on its own; only a connection lost mid-call counts.
    return phaseOf(err) === 'during';
  }
  return (
    code === GatewayErrorCode.UpstreamTimeout ||
    code === ErrorCode.InternalError ||
    code === ErrorCode.ConnectionClosed
  );
}

/** Whether a failed idempotent request is worth another try. */
function retryable(call: Call, server: string, err: unknown): boolean {
  if (codeOf(err) !== GatewayErrorCode.ServerUnavailable) return false;
  return phaseOf(err) === 'during' || COMING_BACK.has(call.ctx.upstreams.state(server));
}

/**
 * One list from every server of the scope, in profile order; servers that are down, failing or slow are
 * left out. With `target`, only that server is waited for and the others count with what is at hand: a
 * call is routed without waiting on unrelated slow servers, by the names the client was last shown.
 */
export async function gather(call: Call, kind: ListKind, target?: string): Promise<ServerItems[]> {
  const warm = listsAtHand(call, kind);
  if (warm) return warm;
  const { session } = call;
  const { servers } = session.scope;
  const lists = await Promise.all(
    servers.map(async (server) => ({
      server,
      items: await session
        .upstreamFor(server)
        .list(server, kind, target === undefined || server === target ? undefined : 0),
    })),
  );
  return lists.filter((l): l is { server: string; items: NamedItem[] } => l.items !== undefined);
}

/**
 * The warm case of {@link gather}: every list of the scope is at hand, taken without a promise per server;
 * while none changed, the same array as last time (which lets the catalog memo answer at once). Undefined
 * when some list is not at hand.
 */
export function listsAtHand(call: Call, kind: ListKind): ServerItems[] | undefined {
  const { session } = call;
  const { servers } = session.scope;
  let byKind = warmLists.get(session);
  if (!byKind) warmLists.set(session, (byKind = new Map()));
  const last = byKind.get(kind);
  if (last?.length === servers.length) {
    let i = 0;
    for (; i < servers.length; i++) {
      const server = servers[i]!;
      const was = last[i]!;
      if (was.server !== server || session.upstreamFor(server).peek?.(server, kind) !== was.items) break;
    }
    if (i === servers.length) return last;
  }
  const warm: ServerItems[] = [];
  for (const server of servers) {
    const items = session.upstreamFor(server).peek?.(server, kind);
    if (items === undefined) return undefined;
    warm.push({ server, items });
  }
  byKind.set(kind, warm);
  return warm;
}

/** The last warm lists of each session, by kind (see {@link listsAtHand}). */
const warmLists = new WeakMap<object, Map<ListKind, ServerItems[]>>();

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
    if (call.ctx.upstreams.state(server) !== 'running') return call.ctx.upstreams.unavailable(server);
  }
  return unknownName(kind, name);
}

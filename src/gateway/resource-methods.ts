/**
 * Resources across the servers of a session's scope: listing, templates, reading, and subscriptions
 * (counted per upstream resource, see `SubscriptionTable`).
 * @module
 */
import { unknownName } from './errors.js';
import { forward, gather } from './forward.js';
import type { Call, MethodHandler } from './gateway-context.js';
import { parseExposedUri } from './namespacing.js';
import { pagedList } from './pagination.js';
import { stringParam } from './passthrough.js';
import { rewriteListed, rewriteReadResult } from './uri-rewrite.js';

/**
 * The server and original URI an exposed URI (or template) routes to. On `/mcp/<server>` URIs are original;
 * on `/mcp` they must be `mcp-platform://<server>/...` of a server in scope.
 */
export function routeUri(call: Call, uri: string): { server: string; uri: string } {
  const { scope } = call.session;
  if (scope.style === 'original') return { server: scope.servers[0]!, uri };
  const parsed = parseExposedUri(uri);
  if (!parsed || !scope.servers.includes(parsed.server)) throw unknownName('resource', uri);
  return parsed;
}

/** Handlers of the resource methods. */
export const resourceMethods: Record<string, MethodHandler> = {
  'resources/list': (call) =>
    pagedList(call, 'resources', 'resources', async () =>
      (await gather(call, 'resources')).flatMap(({ server, items }) =>
        items.map((r) => rewriteListed(server, r, 'uri', call.session.scope.style)),
      ),
    ),

  'resources/templates/list': (call) =>
    pagedList(call, 'resourceTemplates', 'resourceTemplates', async () =>
      (await gather(call, 'resourceTemplates')).flatMap(({ server, items }) =>
        items.map((t) => rewriteListed(server, t, 'uriTemplate', call.session.scope.style)),
      ),
    ),

  'resources/read': async (call) => {
    const target = routeUri(call, stringParam(call.params, 'uri'));
    const result = await forward(call, target.server, 'resources/read', { ...call.params, uri: target.uri });
    return rewriteReadResult(target.server, result, call.session.scope.style);
  },

  'resources/subscribe': async (call) => {
    const target = routeUri(call, stringParam(call.params, 'uri'));
    // A private upstream has this session as its only subscriber.
    if (call.session.isPrivate(target.server))
      return forward(call, target.server, 'resources/subscribe', { ...call.params, uri: target.uri });
    const { subscriptions } = call.ctx;
    if (!subscriptions.add(target, call.session.id)) return {};
    try {
      return await forward(call, target.server, 'resources/subscribe', { ...call.params, uri: target.uri });
    } catch (err) {
      subscriptions.remove(target, call.session.id);
      throw err;
    }
  },

  'resources/unsubscribe': async (call) => {
    const target = routeUri(call, stringParam(call.params, 'uri'));
    if (call.session.isPrivate(target.server))
      return forward(call, target.server, 'resources/unsubscribe', { ...call.params, uri: target.uri });
    if (!call.ctx.subscriptions.remove(target, call.session.id)) return {};
    if (call.ctx.upstreams.state(target.server) !== 'running') return {};
    return forward(call, target.server, 'resources/unsubscribe', { ...call.params, uri: target.uri });
  },
};

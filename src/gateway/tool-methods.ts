/**
 * `tools/list` and `tools/call` across the servers of a session's scope.
 * @module
 */
import { buildToolCatalog, type ExposedCatalog } from './catalog.js';
import { forward, gather, notExposed, targetOf } from './forward.js';
import type { Call, MethodHandler } from './gateway-context.js';
import { describeCollision } from './namespacing.js';
import { pagedList } from './pagination.js';
import { stringParam } from './passthrough.js';
import { rewriteToolResult } from './uri-rewrite.js';

/** The tools the session's scope exposes now (collisions are logged once each); see `gather` for `target`. */
export async function toolCatalog(call: Call, target?: string): Promise<ExposedCatalog> {
  const { ctx, session } = call;
  const catalog = buildToolCatalog(await gather(call, 'tools', target), ctx.policy, {
    naming: ctx.naming,
    style: session.scope.style,
  });
  for (const c of catalog.table.collisions) ctx.warnOnce(`tool ${describeCollision(c)}`);
  return catalog;
}

/** Handlers of the tool methods. */
export const toolMethods: Record<string, MethodHandler> = {
  'tools/list': (call) => pagedList(call, 'tools', 'tools', async () => (await toolCatalog(call)).items),

  'tools/call': async (call) => {
    const name = stringParam(call.params, 'name');
    const entry = (await toolCatalog(call, targetOf(call, name))).table.byExposed.get(name);
    if (!entry) throw notExposed(call, 'tool', name);
    const result = await forward(call, entry.server, 'tools/call', { ...call.params, name: entry.name });
    return rewriteToolResult(entry.server, result, call.session.scope.style);
  },
};

/**
 * `tools/list` and `tools/call` across the servers of a session's scope.
 * @module
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

import { buildToolCatalog, CatalogMemo, type ExposedCatalog, type ServerItems } from './catalog.js';
import { forward, gather, listsAtHand, notExposed, targetOf } from './forward.js';
import type { Call, MethodHandler } from './gateway-context.js';
import { describeCollision } from './namespacing.js';
import { pagedList } from './pagination.js';
import { stringParam } from './passthrough.js';
import { rewriteToolResult } from './uri-rewrite.js';

/** The tools the session's scope exposes now (collisions are logged once each); see `gather` for `target`. */
export async function toolCatalog(call: Call, target?: string): Promise<ExposedCatalog> {
  const raw = await gather(call, 'tools', target);
  const { integrity } = call.ctx;
  if (integrity && !raw.every((l) => integrity.isLoaded(l.server)))
    await Promise.all(raw.map((l) => integrity.load(l.server)));
  return catalogOf(call, raw);
}

/** {@link toolCatalog} without waiting, when every list (and tool pin) is at hand: a warm call's route. */
function toolCatalogAtHand(call: Call): ExposedCatalog | undefined {
  const raw = listsAtHand(call, 'tools');
  if (!raw) return undefined;
  const { integrity } = call.ctx;
  if (integrity && !raw.every((l) => integrity.isLoaded(l.server))) return undefined;
  return catalogOf(call, raw);
}

function catalogOf(call: Call, raw: ServerItems[]): ExposedCatalog {
  const { ctx, session } = call;
  const { integrity } = ctx;
  return memo.get(session, 'tools', raw, integrity?.generation, () => {
    const lists = integrity
      ? raw.map((l) => ({ server: l.server, items: integrity.vet(l.server, l.items) }))
      : raw;
    const catalog = buildToolCatalog(lists, session.toolPolicy, {
      naming: ctx.naming,
      style: session.scope.style,
    });
    for (const c of catalog.table.collisions) ctx.warnOnce(`tool ${describeCollision(c)}`);
    return catalog;
  });
}

const memo = new CatalogMemo();

/** Handlers of the tool methods. */
export const toolMethods: Record<string, MethodHandler> = {
  'tools/list': (call) => pagedList(call, 'tools', 'tools', async () => (await toolCatalog(call)).items),

  'tools/call': async (call) => {
    const name = stringParam(call.params, 'name');
    const catalog = toolCatalogAtHand(call) ?? (await toolCatalog(call, targetOf(call, name)));
    const entry = catalog.table.byExposed.get(name);
    if (!entry) throw changedTool(call, name) ?? notExposed(call, 'tool', name);
    const result = await forward(call, entry.server, 'tools/call', { ...call.params, name: entry.name });
    return rewriteToolResult(entry.server, result, call.session.scope.style);
  },
};

/** The error for a call to a tool hidden because its definition changed since it was approved. */
function changedTool(call: Call, name: string): Error | undefined {
  const server = targetOf(call, name);
  if (server === undefined || !call.ctx.integrity) return undefined;
  const prefix = `${server}${call.ctx.naming.separator}`;
  const tool =
    call.session.scope.style === 'original' || !name.startsWith(prefix) ? name : name.slice(prefix.length);
  const change = call.ctx.integrity.pendingOf(server, tool);
  if (!change) return undefined;
  return new McpError(
    ErrorCode.InvalidParams,
    `tool ${name} changed its definition since it was approved and is hidden until reviewed: run \`mcp tools approve ${server}/${tool}\``,
    { server, tool, pinned: change.pinned, current: change.current },
  );
}

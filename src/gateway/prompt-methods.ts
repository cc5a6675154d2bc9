/**
 * `prompts/list`, `prompts/get` and `completion/complete` across the servers of a session's scope.
 * @module
 */
import { buildPromptCatalog, CatalogMemo, type ExposedCatalog } from './catalog.js';
import { invalidParams } from './errors.js';
import { forward, gather, notExposed, targetOf } from './forward.js';
import type { Call, MethodHandler } from './gateway-context.js';
import { describeCollision } from './namespacing.js';
import { pagedList } from './pagination.js';
import { stringParam, type JsonObject } from './passthrough.js';
import { routeUri } from './resource-methods.js';
import { rewritePromptResult } from './uri-rewrite.js';

async function promptCatalog(call: Call, target?: string): Promise<ExposedCatalog> {
  const { ctx, session } = call;
  const lists = await gather(call, 'prompts', target);
  return memo.get(session, 'prompts', lists, undefined, () => {
    const catalog = buildPromptCatalog(lists, { naming: ctx.naming, style: session.scope.style });
    for (const c of catalog.table.collisions) ctx.warnOnce(`prompt ${describeCollision(c)}`);
    return catalog;
  });
}

const memo = new CatalogMemo();

async function resolvePrompt(call: Call, name: string): Promise<{ server: string; name: string }> {
  const entry = (await promptCatalog(call, targetOf(call, name))).table.byExposed.get(name);
  if (!entry) throw notExposed(call, 'prompt', name);
  return entry;
}

/** Handlers of the prompt and completion methods. */
export const promptMethods: Record<string, MethodHandler> = {
  'prompts/list': (call) =>
    pagedList(call, 'prompts', 'prompts', async () => (await promptCatalog(call)).items),

  'prompts/get': async (call) => {
    const target = await resolvePrompt(call, stringParam(call.params, 'name'));
    const result = await forward(call, target.server, 'prompts/get', { ...call.params, name: target.name });
    return rewritePromptResult(target.server, result, call.session.scope.style);
  },

  // The reference names a prompt or a resource template; it is translated, everything else passes as is.
  'completion/complete': async (call) => {
    const ref = call.params.ref as JsonObject | undefined;
    if (typeof ref !== 'object' || ref === null) throw invalidParams('params.ref must be an object');
    if (ref.type === 'ref/prompt') {
      const target = await resolvePrompt(call, stringParam(ref, 'name'));
      return forward(call, target.server, 'completion/complete', {
        ...call.params,
        ref: { ...ref, name: target.name },
      });
    }
    if (ref.type === 'ref/resource') {
      const target = routeUri(call, stringParam(ref, 'uri'));
      return forward(call, target.server, 'completion/complete', {
        ...call.params,
        ref: { ...ref, uri: target.uri },
      });
    }
    throw invalidParams(`unsupported completion reference type: ${String(ref.type)}`);
  },
};

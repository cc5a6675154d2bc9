/**
 * JSON text of results that stay the same from one answer to the next (an aggregated list served from the
 * caches): serialized once and spliced into every response that carries them. Such a result must not be
 * changed after {@link stableResult} made it.
 * @module
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import type { JsonObject } from './passthrough.js';

/** Stable results, with their JSON text once it was needed. */
const texts = new WeakMap<object, string | null>();
/** `{ [key]: items }` per items array, so the same list gives the same (stable) result object. */
const wrappers = new WeakMap<readonly unknown[], { key: string; result: JsonObject }>();

/** The result `{ [key]: items }`, the same object for the same `items` array; neither may change later. */
export function stableResult(key: string, items: readonly unknown[]): JsonObject {
  const hit = wrappers.get(items);
  if (hit?.key === key) return hit.result;
  const result: JsonObject = { [key]: items };
  wrappers.set(items, { key, result });
  texts.set(result, null);
  return result;
}

/** The JSON text of a message; a stable result is serialized only the first time. */
export function messageJson(message: JSONRPCMessage): string {
  const result = (message as { result?: unknown }).result;
  if (typeof result !== 'object' || result === null) return JSON.stringify(message);
  let text = texts.get(result);
  if (text === undefined) return JSON.stringify(message);
  if (text === null) texts.set(result, (text = JSON.stringify(result)));
  return `{"jsonrpc":"2.0","id":${JSON.stringify((message as { id: unknown }).id)},"result":${text}}`;
}

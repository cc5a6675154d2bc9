/**
 * JSON text of results that stay the same from one answer to the next (an aggregated list served from the
 * caches): serialized once and spliced into every response that carries them. Such a result must not be
 * changed after {@link stableResult} made it.
 * @module
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import type { JsonObject } from './passthrough.js';

/** Stable results, with their JSON text (as text and as UTF-8 bytes) once it was needed. */
const texts = new WeakMap<object, { text: string; bytes: Buffer } | null>();
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

/** The serialized stable result of a response message; undefined for any other message. */
function stableText(message: JSONRPCMessage): { text: string; bytes: Buffer } | undefined {
  const result = (message as { result?: unknown }).result;
  if (typeof result !== 'object' || result === null) return undefined;
  let cached = texts.get(result);
  if (cached === undefined) return undefined;
  if (cached === null) {
    const text = JSON.stringify(result);
    texts.set(result, (cached = { text, bytes: Buffer.from(text, 'utf8') }));
  }
  return cached;
}

/** The text before a response's result: `{"jsonrpc":"2.0","id":<id>,"result":`. */
const head = (message: JSONRPCMessage): string =>
  `{"jsonrpc":"2.0","id":${JSON.stringify((message as { id: unknown }).id)},"result":`;

/** The JSON text of a message; a stable result is serialized only the first time. */
export function messageJson(message: JSONRPCMessage): string {
  const stable = stableText(message);
  return stable ? `${head(message)}${stable.text}}` : JSON.stringify(message);
}

/**
 * A response with a stable result as three pieces to write one after the other (the result's bytes are
 * made once, not copied per answer); undefined for any other message.
 */
export function messageParts(message: JSONRPCMessage): [string, Buffer, string] | undefined {
  const stable = stableText(message);
  return stable && [head(message), stable.bytes, '}'];
}

/**
 * What counts as a JSON-RPC message on the way in: the SDK's protocol layer drops, unanswered, anything its
 * schemas refuse, so a transport must not hand it such a message. The common shapes (requests and
 * notifications with plain params, results without `_meta`) are recognised directly; anything else is
 * judged by the SDK's own `JSONRPCMessageSchema`. Pure.
 * @module
 */
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

type Msg = Record<string, unknown>;

const isObject = (v: unknown): v is Msg => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): boolean => typeof v === 'string' || Number.isSafeInteger(v);
const only = (m: Msg, keys: readonly string[]): boolean => {
  for (const k in m) if (!keys.includes(k)) return false;
  return true;
};
const REQUEST_KEYS = ['jsonrpc', 'id', 'method', 'params'];
const NOTIFICATION_KEYS = ['jsonrpc', 'method', 'params'];
const RESULT_KEYS = ['jsonrpc', 'id', 'result'];

/** Params the SDK's schemas certainly accept: none, or an object whose `_meta` holds at most a progress token. */
function plainParams(p: unknown): boolean {
  if (p === undefined) return true;
  if (!isObject(p)) return false;
  const meta = p._meta;
  return meta === undefined || (isObject(meta) && only(meta, ['progressToken']) && isId(meta.progressToken));
}

/** The common, certainly valid shapes, checked without a schema. */
function plainlyValid(m: Msg): boolean {
  if (m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string') {
    if ('id' in m) return isId(m.id) && only(m, REQUEST_KEYS) && plainParams(m.params);
    return (
      only(m, NOTIFICATION_KEYS) && (m.params === undefined || (isObject(m.params) && !('_meta' in m.params)))
    );
  }
  return isId(m.id) && only(m, RESULT_KEYS) && isObject(m.result) && !('_meta' in m.result);
}

/** Whether `value` is a JSON-RPC message the SDK's protocol layer takes. */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  return isObject(value) && (plainlyValid(value) || JSONRPCMessageSchema.safeParse(value).success);
}

/** Whether a valid message is a request (has a method and an id). */
export const isRequestMessage = (m: JSONRPCMessage): boolean => 'method' in m && 'id' in m;

/** Whether a valid message is a response (a result or an error). */
export const isResponseMessage = (m: JSONRPCMessage): boolean => !('method' in m);

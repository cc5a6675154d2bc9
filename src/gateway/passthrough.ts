/**
 * Forwarding without re-parsing: requests go out with the caller's params (only the routed fields changed)
 * and results come back through the SDK's loose `ResultSchema`, which keeps every field, known or not.
 * @module
 */
import type { Protocol, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ResultSchema, type ProgressToken, type RequestId } from '@modelcontextprotocol/sdk/types.js';

import type { Abortable } from './cancellation.js';
import { invalidParams } from './errors.js';

/** A JSON object as it crossed the wire. */
export type JsonObject = Record<string, unknown>;

/** Any SDK endpoint (`Client` or `Server`), seen through its untyped request method. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProtocol = Protocol<any, any, any>;

/**
 * Sends `method` with `params` as given and resolves with the raw result object.
 * @example const result = await sendRaw(client, 'tools/call', { name: 'echo', arguments: {} }, { signal });
 */
export async function sendRaw(
  peer: AnyProtocol,
  method: string,
  params: JsonObject | undefined,
  options?: RequestOptions,
): Promise<JsonObject> {
  const request = params === undefined ? { method } : { method, params };
  return (await peer.request(request, ResultSchema, options)) as JsonObject;
}

/** `params` as an object (absent params are `{}`). */
export function paramsOf(request: { params?: unknown }): JsonObject {
  const p = request.params;
  if (p === undefined) return {};
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    throw invalidParams('params must be an object');
  return p as JsonObject;
}

/** A required string parameter. */
export function stringParam(params: JsonObject, key: string): string {
  const v = params[key];
  if (typeof v !== 'string') throw invalidParams(`params.${key} must be a string`);
  return v;
}

/**
 * Splits the downstream progress token off `params._meta`: the SDK allots its own token upstream (its
 * message id) and hands progress back through `onprogress`, so tokens never mix across sessions.
 */
export function takeProgressToken(params: JsonObject): { params: JsonObject; token?: ProgressToken } {
  const meta = params._meta;
  if (typeof meta !== 'object' || meta === null || !('progressToken' in meta)) return { params };
  const { progressToken, ...rest } = meta as JsonObject;
  const token =
    typeof progressToken === 'string' || typeof progressToken === 'number' ? progressToken : undefined;
  const next = { ...params };
  if (Object.keys(rest).length > 0) next._meta = rest;
  else delete next._meta;
  return token === undefined ? { params: next } : { params: next, token };
}

/** What a downstream handler gets from the SDK (a subset of `RequestHandlerExtra`). */
export interface DownstreamExtra {
  readonly signal: AbortSignal;
  /**
   * The request's cancellation, where the session answers the request itself: the same events as `signal`
   * without making one (see `cancellation.ts`).
   */
  readonly cancel?: Abortable;
  readonly requestId: RequestId;
  readonly sessionId?: string | undefined;
  sendNotification(notification: { method: string; params?: JsonObject }): Promise<void>;
}

/**
 * REST route definitions: method, path, scope and the zod schemas of params, query, body and response,
 * with the handler. The same definition registers the route, validates its input and documents it in
 * the OpenAPI document, so the three cannot drift apart.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type * as z from 'zod';

import type { ApiDeps } from './deps.js';

/** What a caller must hold: `none` (public), `read`, `admin`, or `mcp` (calls through the gateway). */
export type RouteScope = 'none' | 'read' | 'admin' | 'mcp';

/** The HTTP methods routes use. */
export type RouteMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who the request is from, once authenticated. */
export interface Caller {
  /** `token`: the control token; `key`: an API key as bearer; `session`: a dashboard login cookie. */
  kind: 'none' | 'token' | 'key' | 'session';
  /** Scopes held (the control token holds all). */
  scopes: readonly string[];
  /** The key's id and name, for keys and sessions. */
  keyId?: string;
  keyName?: string;
  /** The credential to present to the gateway's `/mcp` for calls made on the caller's behalf. */
  gatewayToken?: string;
}

/** What a handler receives. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  req: IncomingMessage;
  res: ServerResponse;
  deps: ApiDeps;
}

/** A streamed answer: the handler writes `res` itself and returns undefined. */
export interface RouteStream {
  contentType: 'text/event-stream' | 'application/x-ndjson' | 'text/plain';
  /** One item (an NDJSON line or an SSE event's data), documented under the stream's media type. */
  item: z.ZodType;
}

/** One route, as defined. */
export interface ApiRoute {
  method: RouteMethod;
  /** OpenAPI style: `/api/v1/servers/{name}`. */
  path: string;
  /** The concept it belongs to (an OpenAPI tag). */
  tag: string;
  summary: string;
  description?: string;
  scope: RouteScope;
  /** Whether the route is public anyway in this configuration (`/metrics` with `gateway.publicMetrics`). */
  isPublic?(deps: ApiDeps): boolean;
  /** False exempts a state-changing route from the CSRF token (login: there is no session yet). */
  csrf?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The JSON answer (status `status`, default 200). */
  response: z.ZodType;
  /** Set when the route can answer with a stream instead of (or besides) JSON. */
  stream?: RouteStream;
  status?: number;
  handler(input: RouteInput<unknown, unknown, unknown>): Promise<unknown> | unknown;
}

/** Input schemas and handler of one route, typed from its schemas. */
export interface RouteSpec<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
> extends Omit<ApiRoute, 'handler' | 'params' | 'query' | 'body' | 'response'> {
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  handler(
    input: RouteInput<
      P extends z.ZodObject ? z.output<P> : Record<string, never>,
      Q extends z.ZodObject ? z.output<Q> : Record<string, never>,
      B extends z.ZodType ? z.output<B> : undefined
    >,
  ): Promise<z.input<R> | undefined> | z.input<R> | undefined;
}

/**
 * Defines a route; the handler's input is typed from the schemas.
 * @example
 * defineRoute({ method: 'get', path: '/api/v1/keys', tag: 'keys', summary: 'List keys', scope: 'read',
 *   response: z.array(keySchema), handler: ({ deps }) => deps.storage.apiKeys.list() });
 */
export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): ApiRoute {
  return spec as unknown as ApiRoute;
}

/** The router pattern (`:name`) of an OpenAPI path (`{name}`). */
export function routerPattern(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Whether scopes satisfy a route scope (`admin` implies every other). */
export function hasScope(scopes: readonly string[], scope: RouteScope): boolean {
  return scope === 'none' || scopes.includes(scope) || scopes.includes('admin');
}

/**
 * The OpenAPI 3.1 document of the control API, generated from the route definitions' zod schemas with
 * `z.toJSONSchema`: the schemas that validate a request are the ones that document it.
 * @module
 */
import * as z from 'zod';

import type { ApiRoute } from './route.js';
import { errorSchema } from './schemas.js';

export { errorSchema } from './schemas.js';

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema, for the request (`input`) or the response (`output`) side. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

/** `getServersByNameLogs` from `get /api/v1/servers/{name}/logs`. */
function operationId(route: ApiRoute): string {
  const words = route.path
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `by-${w.slice(1, -1)}` : w))
    .flatMap((w) => w.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** Path or query parameters from an object schema. */
function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || (js.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(route: ApiRoute): Json {
  const params = [...parameters(route.params, 'path'), ...parameters(route.query, 'query')];
  const ok: Json = {
    description: route.stream && route.stream.contentType !== 'text/plain' ? 'OK (JSON, or a stream)' : 'OK',
    content: {
      ...(route.stream?.contentType === 'text/plain'
        ? {}
        : { 'application/json': { schema: jsonSchema(route.response, 'output') } }),
      ...(route.stream
        ? {
            [route.stream.contentType]: {
              schema: jsonSchema(route.stream.item, 'output'),
              ...(route.stream.contentType === 'text/plain'
                ? {}
                : { 'x-stream-item': 'each line (NDJSON) or event data (SSE) is one such item' }),
            },
          }
        : {}),
    },
  };
  const security =
    route.scope === 'none'
      ? { security: [] }
      : { security: [{ bearer: [] }, { apiKey: [] }, { session: [] }] };
  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    ...security,
    'x-scope': route.scope,
    responses: {
      [String(route.status ?? 200)]: ok,
      ...(route.params || route.query || route.body ? { '400': errorResponse('Invalid input') } : {}),
      ...(route.scope === 'none' ? {} : { '401': errorResponse('No or wrong credential') }),
      '403': errorResponse('Foreign Host/Origin, missing scope, or missing CSRF token'),
      default: errorResponse('Error'),
    },
  };
}

/**
 * Builds the OpenAPI 3.1 document of `routes`.
 * @example buildOpenApiDocument(API_ROUTES, '0.1.0').paths['/api/v1/servers'].get.operationId // 'getServers'
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'MCP Platform API',
      version,
      description:
        'The control API of a running MCP Platform. Scopes: read (GET), admin (changes), mcp (calls through ' +
        'the gateway); admin implies the others. Cookie logins must send X-CSRF-Token on state changes.',
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key or the control token' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-mcp_session',
          description: 'Set by POST /api/v1/auth/login (mcp_session over plain HTTP to a non-loopback host)',
        },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }, { session: [] }],
  };
}

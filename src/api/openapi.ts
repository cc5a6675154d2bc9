/**
 * The OpenAPI 3.1 document of the control API, generated from zod schemas with `z.toJSONSchema`.
 * @module
 */
import { z } from 'zod';

/** The one error shape every route answers with. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.unknown().optional(),
  }),
});

const logsSchema = z.object({ name: z.string(), lines: z.array(z.string()) });
const anyObject = z.object({}).catchall(z.unknown());

/** One documented route. */
export interface ApiRoute {
  method: 'get' | 'post';
  path: string;
  summary: string;
  scope: 'read' | 'admin' | 'none';
  response: z.ZodType;
}

/** The routes of the control API as served by `createControlApp`. */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    scope: 'none',
    response: z.object({ status: z.literal('ok') }),
  },
  {
    method: 'get',
    path: '/ready',
    summary: 'Readiness',
    scope: 'none',
    response: z.object({ ready: z.boolean() }),
  },
  {
    method: 'get',
    path: '/api/v1/status',
    summary: 'Platform and server status',
    scope: 'read',
    response: anyObject,
  },
  {
    method: 'get',
    path: '/api/v1/servers/{name}',
    summary: 'One server',
    scope: 'read',
    response: anyObject,
  },
  ...(['start', 'stop', 'restart'] as const).map((verb): ApiRoute => ({
    method: 'post',
    path: `/api/v1/servers/{name}/${verb}`,
    summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a server`,
    scope: 'admin',
    response: anyObject,
  })),
  {
    method: 'get',
    path: '/api/v1/servers/{name}/logs',
    summary: 'Tail of a server log',
    scope: 'read',
    response: logsSchema,
  },
  {
    method: 'post',
    path: '/api/v1/reload',
    summary: 'Reload config.yaml and reconcile',
    scope: 'admin',
    response: z.unknown(),
  },
];

/** Builds the OpenAPI 3.1 document from {@link API_ROUTES}. */
export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = {
    description: 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const route of API_ROUTES) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(route.scope === 'none' ? { security: [] } : { 'x-scope': route.scope }),
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: z.toJSONSchema(route.response, { io: 'output', unrepresentable: 'any' }),
            },
          },
        },
        default: error,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'MCP Platform API', version },
    paths,
    components: {
      schemas: { Error: z.toJSONSchema(errorSchema) },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
  };
}

/**
 * The gateway's inventory and "try it": every exposed tool, resource, resource template and prompt with its
 * server (namespace) and schema, the live client sessions, and calls made through the gateway's `/mcp` with
 * the caller's own credential. Listing with a `read`-only credential uses the control token, so it shows
 * everything the profile exposes; calls always carry the caller's credential and need the `mcp` scope.
 * @module
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

import { wireMessage } from '../../gateway/errors.js';
import { DEFAULT_SEPARATOR, parseExposedUri } from '../../gateway/namespacing.js';
import type { ApiDeps } from '../deps.js';
import { allPages, withGatewayClient } from '../gateway-client.js';
import { defineRoute, hasScope, type ApiRoute, type Caller } from '../route.js';
import { HttpError } from '../router.js';
import { anyObject } from '../schemas.js';

const toolSchema = z.object({
  name: z.string().describe('Exposed name (what clients call)'),
  server: z.string().nullable().describe('The server it comes from (its namespace)'),
  originalName: z.string().describe('The name on its server'),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: anyObject,
  outputSchema: anyObject.optional(),
  annotations: anyObject.optional(),
});

const resourceSchema = z.object({
  uri: z.string(),
  server: z.string().nullable(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  template: z.boolean().describe('A URI template (resources/templates/list)'),
});

const promptSchema = z.object({
  name: z.string(),
  server: z.string().nullable(),
  originalName: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(
    z.object({ name: z.string(), description: z.string().optional(), required: z.boolean().optional() }),
  ),
});

/** The base URL to reach the gateway at. */
function base(deps: ApiDeps): string {
  const url = deps.selfUrl?.();
  if (!url) throw new HttpError(404, 'NOT_AVAILABLE', 'the gateway is not served here');
  return url;
}

/** The credential for listing: the caller's own when it may use `/mcp`, else the control token. */
const listToken = (deps: ApiDeps, caller: Caller): string =>
  hasScope(caller.scopes, 'mcp') && caller.gatewayToken ? caller.gatewayToken : deps.token;

function callToken(caller: Caller): string {
  if (!caller.gatewayToken) throw new HttpError(403, 'FORBIDDEN', 'no credential to call the gateway with');
  return caller.gatewayToken;
}

/** The server of an exposed name and its name there (the longest server prefix wins). */
function splitName(deps: ApiDeps, exposed: string): { server: string | null; originalName: string } {
  const sep = deps.separator ?? DEFAULT_SEPARATOR;
  const server = deps.platform.names
    .filter((s) => exposed.startsWith(`${s}${sep}`))
    .sort((a, b) => b.length - a.length)[0];
  return server
    ? { server, originalName: exposed.slice(server.length + sep.length) }
    : { server: null, originalName: exposed };
}

/** Maps an MCP error of a call to the API's error shape. */
async function throughGateway<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof McpError)) throw err;
    const status =
      err.code === ErrorCode.InvalidParams ? 400 : err.code === ErrorCode.MethodNotFound ? 404 : 502;
    throw new HttpError(status, 'MCP_ERROR', wireMessage(err), { code: err.code, data: err.data });
  }
}

const pick = <T extends Record<string, unknown>>(o: T, keys: readonly string[]): Partial<T> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;

/** Inventory routes. */
export const inventoryRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tools',
    tag: 'inventory',
    summary: 'Every exposed tool with its server and schemas',
    scope: 'read',
    response: z.array(toolSchema),
    handler: async ({ deps, caller }) => {
      const tools = await withGatewayClient(base(deps), listToken(deps, caller), (c) =>
        allPages(async (cursor) => {
          const r = await c.listTools(cursor ? { cursor } : undefined);
          return { items: r.tools, nextCursor: r.nextCursor };
        }),
      );
      return tools.map((t) => ({
        ...pick(t, ['title', 'description', 'outputSchema', 'annotations']),
        name: t.name,
        ...splitName(deps, t.name),
        inputSchema: t.inputSchema,
      }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/resources',
    tag: 'inventory',
    summary: 'Every exposed resource and resource template with its server',
    scope: 'read',
    response: z.array(resourceSchema),
    handler: async ({ deps, caller }) =>
      withGatewayClient(base(deps), listToken(deps, caller), async (c) => {
        if (!c.getServerCapabilities()?.resources) return [];
        const resources = await allPages(async (cursor) => {
          const r = await c.listResources(cursor ? { cursor } : undefined);
          return { items: r.resources, nextCursor: r.nextCursor };
        });
        const templates = await allPages(async (cursor) => {
          const r = await c.listResourceTemplates(cursor ? { cursor } : undefined);
          return { items: r.resourceTemplates, nextCursor: r.nextCursor };
        });
        const server = (uri: string): string | null => parseExposedUri(uri)?.server ?? null;
        return [
          ...resources.map((r) => ({
            ...pick(r, ['title', 'description', 'mimeType']),
            uri: r.uri,
            name: r.name,
            server: server(r.uri),
            template: false,
          })),
          ...templates.map((t) => ({
            ...pick(t, ['title', 'description', 'mimeType']),
            uri: t.uriTemplate,
            name: t.name,
            server: server(t.uriTemplate),
            template: true,
          })),
        ];
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/prompts',
    tag: 'inventory',
    summary: 'Every exposed prompt with its server and arguments',
    scope: 'read',
    response: z.array(promptSchema),
    handler: async ({ deps, caller }) =>
      withGatewayClient(base(deps), listToken(deps, caller), async (c) => {
        if (!c.getServerCapabilities()?.prompts) return [];
        const prompts = await allPages(async (cursor) => {
          const r = await c.listPrompts(cursor ? { cursor } : undefined);
          return { items: r.prompts, nextCursor: r.nextCursor };
        });
        return prompts.map((p) => ({
          ...pick(p, ['title', 'description']),
          name: p.name,
          ...splitName(deps, p.name),
          arguments: (p.arguments ?? []).map((a) => pick(a, ['name', 'description', 'required'])) as {
            name: string;
          }[],
        }));
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tools/{name}/call',
    tag: 'inventory',
    summary: 'Call a tool through the gateway with the caller’s credential',
    scope: 'mcp',
    params: z.object({ name: z.string().min(1).max(256) }),
    body: z.object({ arguments: z.record(z.string(), z.unknown()).default({}) }).strict(),
    response: z.object({
      durationMs: z.number(),
      result: z
        .object({ content: z.array(anyObject), isError: z.boolean().optional() })
        .catchall(z.unknown()),
    }),
    handler: async ({ deps, caller, params, body }) => {
      const started = performance.now();
      const result = await throughGateway(() =>
        withGatewayClient(base(deps), callToken(caller), (c) =>
          c.callTool({ name: params.name, arguments: body.arguments }),
        ),
      );
      return {
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        result: result as { content: Record<string, unknown>[] },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/prompts/{name}/get',
    tag: 'inventory',
    summary: 'Get a prompt through the gateway',
    scope: 'mcp',
    params: z.object({ name: z.string().min(1).max(256) }),
    body: z.object({ arguments: z.record(z.string(), z.string()).default({}) }).strict(),
    response: anyObject,
    handler: async ({ deps, caller, params, body }) =>
      throughGateway(() =>
        withGatewayClient(base(deps), callToken(caller), (c) =>
          c.getPrompt({ name: params.name, arguments: body.arguments }),
        ),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/resources/read',
    tag: 'inventory',
    summary: 'Read a resource through the gateway',
    scope: 'mcp',
    body: z.object({ uri: z.string().min(1).max(4096) }).strict(),
    response: anyObject,
    handler: async ({ deps, caller, body }) =>
      throughGateway(() =>
        withGatewayClient(base(deps), callToken(caller), (c) => c.readResource({ uri: body.uri })),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/sessions',
    tag: 'inventory',
    summary: 'Live client sessions of the gateway',
    scope: 'read',
    response: z.array(
      z.object({
        id: z.string().describe('The first characters of the session id'),
        client: z.object({ name: z.string(), version: z.string() }).nullable(),
        transport: z.enum(['streamable-http', 'sse', 'websocket']),
        servers: z.array(z.string()),
        style: z.enum(['prefixed', 'original']),
        key: z.string().nullable().describe('Name of the API key that opened it (null: the control token)'),
        openedAt: z.number(),
        lastActive: z.number(),
        openExchanges: z.number().int(),
      }),
    ),
    handler: async ({ deps }) => {
      const sessions = deps.gateway?.sessions() ?? [];
      // The session owner is the SHA-256 of the credential; keys are stored as its hex form.
      const keys = new Map(
        ((await deps.storage?.apiKeys.list()) ?? []).map((k) => [
          Buffer.from(k.hash, 'hex').toString('base64url'),
          k.name,
        ]),
      );
      return sessions.map(({ owner, ...s }) => ({ ...s, key: keys.get(owner) ?? null }));
    },
  }),
];

/**
 * API keys: list (never their values), create (the value is in that one answer only), revoke (its
 * dashboard logins end at once).
 * @module
 */
import * as z from 'zod';

import { createApiKey, findApiKey, KEY_SCOPES, revokeApiKey } from '../../auth/api-keys.js';
import { getKeyTools, setKeyTools } from '../../auth/key-tools.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';

const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first characters, for recognising a key'),
  scopes: z.array(z.string()),
  tools: z.array(z.string()).describe('Tool allowlist (globs over exposed names); empty: every tool'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});

function storageOf(deps: ApiDeps): NonNullable<ApiDeps['storage']> {
  if (!deps.storage) throw new HttpError(404, 'NOT_AVAILABLE', 'key storage is not available');
  return deps.storage;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Key routes. */
export const keyRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/keys',
    tag: 'keys',
    summary: 'Every key (never the value)',
    scope: 'admin',
    response: z.array(keySchema),
    handler: async ({ deps }) => {
      const s = storageOf(deps);
      const keys = await s.apiKeys.list();
      return Promise.all(
        keys.map(async (k) => ({
          id: k.id,
          name: k.name,
          prefix: `${k.prefix}…`,
          scopes: [...k.scopes],
          tools: await getKeyTools(s.kv, k.id),
          createdAt: iso(k.createdAt)!,
          lastUsedAt: iso(k.lastUsedAt),
          revoked: k.revokedAt !== null,
        })),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/keys',
    tag: 'keys',
    summary: 'Create a key; its value is in this answer only',
    scope: 'admin',
    status: 201,
    body: z
      .object({
        name: z.string().min(1).max(64),
        scopes: z.array(z.enum(KEY_SCOPES)).default(['mcp']),
        tools: z.array(z.string()).default([]),
      })
      .strict(),
    response: z.object({
      key: z.string().describe('The key: store it now, it is not shown again'),
      id: z.string(),
      name: z.string(),
      scopes: z.array(z.string()),
      tools: z.array(z.string()),
    }),
    handler: async ({ deps, body, res, caller }) => {
      const s = storageOf(deps);
      const { key, record } = await createApiKey(s.apiKeys, { name: body.name, scopes: body.scopes });
      await setKeyTools(s.kv, record.id, body.tools);
      deps.logger.info('key created through the API', {
        key: record.name,
        scopes: record.scopes.join(','),
        by: caller.keyName ?? caller.kind,
      });
      res.statusCode = 201;
      res.setHeader('cache-control', 'no-store');
      return { key, id: record.id, name: record.name, scopes: [...record.scopes], tools: body.tools };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/keys/{id}',
    tag: 'keys',
    summary: 'Revoke a key (by id or name); clients and dashboard logins using it are refused from then on',
    scope: 'admin',
    params: z.object({ id: z.string().min(1).max(200) }),
    response: z.object({ id: z.string(), name: z.string(), revoked: z.literal(true), logins: z.number() }),
    handler: async ({ deps, params }) => {
      const s = storageOf(deps);
      const k = await revokeApiKey(s.apiKeys, (await findApiKey(s.apiKeys, params.id)).id);
      deps.forgetKey?.(k.id);
      const logins = deps.logins?.endKey(k.id) ?? 0;
      return { id: k.id, name: k.name, revoked: true as const, logins };
    },
  }),
];

/**
 * AI client configuration (`src/clients/manager.ts`): each client entry's file and status (one per
 * connected scope), the snippet to paste, connect (writes the entry with a key of its own, backed up
 * first), disconnect (removes it, revokes that entry's key only), and a test that connects the way the
 * client would. Connect, disconnect and test take the scope (`user` by default) and, for project scope,
 * the project directory (the platform's working directory by default).
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import * as z from 'zod';

import type { ClientDeps } from '../../clients/manager.js';
import { CLIENT_IDS, ENTRY_NAME } from '../../clients/types.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { anyObject } from '../schemas.js';

/** Stands for the key in a snippet shown without creating one. */
export const KEY_PLACEHOLDER = '<your API key: mcp key create --name <client>>';

const idParams = z.object({ id: z.enum(CLIENT_IDS) });

/** Which entry of a client: the scope, and for project scope the project directory. */
const placeFields = {
  scope: z.enum(['user', 'project']).default('user'),
  project: z
    .string()
    .refine((p) => path.isAbsolute(p), 'must be an absolute path')
    .optional()
    .describe("Project directory for project scope (default: the platform's working directory)"),
};

const statusSchema = z.object({
  client: z.string(),
  label: z.string(),
  format: z.string(),
  scope: z.enum(['user', 'project']),
  project: z.string().nullable().describe('The project directory, for project scope'),
  file: z.string().nullable(),
  installed: z.boolean(),
  status: z
    .string()
    .describe('connected, modified, entry-removed, file-missing, not-connected, no-file, invalid'),
  keyName: z.string().nullable().describe("The name of the entry's own key, while connected"),
  others: z.array(z.string()).describe('Servers of its own in the file (candidates for import)'),
  backups: z.number().int(),
});

/** The client-configuration code, loaded on first use (it brings the JSONC and TOML editors along). */
async function code() {
  const [manager, registry, snippet, file, test] = await Promise.all([
    import('../../clients/manager.js'),
    import('../../clients/registry.js'),
    import('../../clients/snippet.js'),
    import('../../clients/config-file.js'),
    import('../client-test.js'),
  ]);
  return {
    clientStatuses: manager.clientStatuses,
    connectClient: manager.connectClient,
    disconnectClient: manager.disconnectClient,
    entryPlace: manager.entryPlace,
    clientSpec: registry.clientSpec,
    clientSnippet: snippet.clientSnippet,
    serversIn: file.serversIn,
    testEntry: test.testEntry,
  };
}

async function depsOf(deps: ApiDeps): Promise<ClientDeps> {
  if (!deps.clients) throw new HttpError(404, 'NOT_AVAILABLE', 'client configuration is not available');
  return deps.clients();
}

/** Client routes. */
export const clientRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/clients',
    tag: 'clients',
    summary: 'Every known client at user scope, and each connected project-scope entry: file and status',
    scope: 'read',
    response: z.array(statusSchema),
    handler: async ({ deps }) => {
      const c = await code();
      return (await c.clientStatuses(await depsOf(deps))).map((s) => ({
        ...s,
        project: s.project ?? null,
        file: s.file ?? null,
        keyName: s.keyName ?? null,
        format: c.clientSpec(s.client).format,
      }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/clients/{id}/snippet',
    tag: 'clients',
    summary: "The gateway entry in the client's format, to paste (the key as a placeholder)",
    scope: 'read',
    params: idParams,
    response: z.object({
      client: z.string(),
      format: z.string(),
      file: z.string().nullable(),
      snippet: z.string(),
      notes: z.array(z.string()),
    }),
    handler: async ({ deps, params }) => {
      const d = await depsOf(deps);
      const spec = (await code()).clientSpec(params.id);
      const target = d.target(KEY_PLACEHOLDER);
      return {
        client: spec.id,
        format: spec.format,
        file: spec.path(d.env, 'user') ?? null,
        snippet: (await code()).clientSnippet(spec, target),
        notes: spec.notes?.(target) ?? [],
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clients/{id}/snippet',
    tag: 'clients',
    summary: 'The snippet with a new key of its own (mcp scope); the key is in this answer only',
    scope: 'admin',
    params: idParams,
    response: z.object({ client: z.string(), keyName: z.string(), snippet: z.string() }),
    handler: async ({ deps, params, res }) => {
      const d = await depsOf(deps);
      const spec = (await code()).clientSpec(params.id);
      const keyName = `${spec.id}-${Date.now().toString(36)}`;
      const created = await d.createKey(keyName);
      res.setHeader('cache-control', 'no-store');
      return { client: spec.id, keyName, snippet: (await code()).clientSnippet(spec, d.target(created.key)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clients/{id}/connect',
    tag: 'clients',
    summary: "Write the gateway entry into the client's file at one scope, with a new key of its own",
    scope: 'admin',
    params: idParams,
    body: z.object({ ...placeFields, dryRun: z.boolean().default(false) }).strict(),
    response: z.object({
      client: z.string(),
      file: z.string().nullable(),
      scope: z.string(),
      project: z.string().nullable(),
      dryRun: z.boolean(),
      keyName: z.string(),
      backup: z.string().nullable().describe('Where the previous file was saved'),
      notes: z.array(z.string()),
    }),
    handler: async ({ deps, params, body }) => {
      const r = await (
        await code()
      ).connectClient(await depsOf(deps), (await code()).clientSpec(params.id), body);
      return {
        client: r.client,
        file: r.file ?? null,
        scope: r.scope,
        project: r.project ?? null,
        dryRun: r.dryRun,
        keyName: r.keyName,
        backup: r.backup?.file ?? null,
        // Notes may carry the key (Codex reads it from a variable); the key never leaves the file here.
        notes: r.notes.map((n) => n.replace(/mcp_[A-Za-z0-9_-]{20,}/g, '<key in the config file>')),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clients/{id}/disconnect',
    tag: 'clients',
    summary: "Remove the gateway entry at one scope and revoke that entry's key (other scopes keep theirs)",
    scope: 'admin',
    params: idParams,
    body: z.object(placeFields).strict(),
    response: z.object({
      client: z.string(),
      file: z.string(),
      scope: z.string(),
      project: z.string().nullable(),
      removed: z.boolean(),
      revoked: z.boolean().describe("Whether the entry's key was revoked"),
      backup: z.string().nullable(),
    }),
    handler: async ({ deps, params, body }) => {
      const r = await (
        await code()
      ).disconnectClient(await depsOf(deps), (await code()).clientSpec(params.id), body);
      return {
        client: r.client,
        file: r.file,
        scope: r.scope,
        project: r.project ?? null,
        removed: r.removed,
        revoked: r.revoked,
        backup: r.backup?.file ?? null,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clients/{id}/test',
    tag: 'clients',
    summary: 'Connect as the entry at one scope says (URL and headers, or its command) and list tools',
    scope: 'admin',
    params: idParams,
    body: z.object(placeFields).strict(),
    response: z.object({
      client: z.string(),
      ok: z.boolean(),
      via: z.enum(['http', 'stdio']).nullable(),
      tools: z.number().int().nullable(),
      durationMs: z.number(),
      error: z.string().nullable(),
      entry: anyObject.nullable().describe('The entry found, secrets hidden'),
    }),
    handler: async ({ deps, params, body }) => {
      const d = await depsOf(deps);
      const spec = (await code()).clientSpec(params.id);
      const file = spec.format === 'none' ? undefined : (await code()).entryPlace(spec, d.env, body).file;
      const text = file ? await fs.readFile(file, 'utf8').catch(() => undefined) : undefined;
      const entry =
        text !== undefined && file ? (await code()).serversIn(spec, text, file)[ENTRY_NAME] : undefined;
      if (!entry || typeof entry !== 'object') {
        return {
          client: spec.id,
          ok: false,
          via: null,
          tools: null,
          durationMs: 0,
          error: `no "${ENTRY_NAME}" entry in ${file ?? 'any file'}: connect it first`,
          entry: null,
        };
      }
      const result = await (await code()).testEntry(entry as Record<string, unknown>);
      const hidden = JSON.parse(JSON.stringify(entry).replace(/mcp_[A-Za-z0-9_-]{20,}/g, '***')) as Record<
        string,
        unknown
      >;
      return { client: spec.id, ...result, entry: hidden };
    },
  }),
];

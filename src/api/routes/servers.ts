/**
 * Server definitions in config.yaml: list, add (command or URL), show, update, remove, enable, disable.
 * Every write goes through the config store (locked, validated, atomic, previous file kept as
 * config.yaml.bak) and then reconciles the running platform. Adding or changing a command is
 * audit-logged with the exact argv, because it runs a program on this machine.
 * @module
 */
import * as z from 'zod';

import { addServer, removeServer, setServerEnabled, updateServer } from '../../config/edit.js';
import { remoteTransportSchema } from '../../config/schema.js';
import { PlatformError, PlatformErrorCode } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { keepRedacted, redactDefinition } from '../redact-definition.js';
import { defineRoute, type ApiRoute, type Caller } from '../route.js';
import { HttpError } from '../router.js';
import { nameParams, serverStatusSchema, slugSchema } from '../schemas.js';

import { reloadResultSchema } from './system.js';

const stringMap = z.record(z.string(), z.string());

const fields = {
  command: z.string().min(1).optional().describe('Executable of a stdio server (no shell)'),
  args: z.array(z.string()).optional(),
  env: stringMap.optional().describe('Values may use ${secret:NAME} and ${ENV_VAR}'),
  cwd: z.string().optional(),
  url: z.string().optional().describe('URL of a remote server'),
  transport: remoteTransportSchema.optional(),
  headers: stringMap.optional(),
  description: z.string().max(500).optional(),
  enabled: z.boolean().optional(),
  share: z.enum(['shared', 'per-session']).optional(),
  dependsOn: z.array(slugSchema).optional(),
};

const addBody = z
  .object({
    name: slugSchema,
    ...fields,
    profile: slugSchema.optional().describe('Profile to list it in (default: the running profile)'),
  })
  .strict()
  .refine((b) => (b.command === undefined) !== (b.url === undefined), {
    message: 'give either command (a stdio server) or url (a remote server)',
  });

const patchBody = z
  .object(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.nullable()])))
  .strict()
  .describe(
    'Fields to change; null removes a field. A value of "***" in env or headers keeps the stored one',
  );

const definitionSchema = z.object({}).catchall(z.unknown()).describe('The definition, secret values as ***');

const serverRowSchema = z.object({
  name: z.string(),
  type: z.enum(['stdio', 'remote']),
  enabled: z.boolean(),
  description: z.string().optional(),
  target: z.string().describe('Command line or URL'),
  profiles: z.array(z.string()),
  running: z.boolean().describe('Part of the running profile'),
  status: serverStatusSchema.nullable(),
});

const changeSchema = z.object({
  name: z.string(),
  definition: definitionSchema.optional(),
  reconcile: reloadResultSchema.nullable(),
});

/** The reconcile after a config write (null when the platform cannot reload). */
async function reconcile(deps: ApiDeps): Promise<z.input<typeof reloadResultSchema> | null> {
  if (!deps.reload) return null;
  return (await deps.reload()) as z.input<typeof reloadResultSchema>;
}

function configOf(deps: ApiDeps): NonNullable<ApiDeps['config']> {
  if (!deps.config) throw new HttpError(404, 'NOT_AVAILABLE', 'config editing is not available');
  return deps.config;
}

/** Records a command that will run on this machine. */
async function auditCommand(
  deps: ApiDeps,
  caller: Caller,
  action: string,
  name: string,
  def: { command?: unknown; args?: unknown; cwd?: unknown },
): Promise<void> {
  const details = { command: def.command, args: def.args ?? [], cwd: def.cwd ?? null, via: 'api' };
  deps.logger.warn(`${action} through the API: server "${name}" runs ${String(def.command)}`, {
    server: name,
    by: caller.keyName ?? caller.kind,
  });
  await deps.storage?.audit.append({
    at: Date.now(),
    actor: caller.keyName ? `key:${caller.keyName}` : caller.kind,
    action,
    target: name,
    details,
  });
}

function notFound(name: string): PlatformError {
  return new PlatformError(PlatformErrorCode.ServerNotFound, `no server named "${name}"`, { name });
}

/** Server definition routes. */
export const serverRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/servers',
    tag: 'servers',
    summary: 'Every server definition, with live status for those the platform runs',
    scope: 'read',
    response: z.array(serverRowSchema),
    handler: async ({ deps }) => {
      const { config } = await configOf(deps).load();
      const running = new Set(deps.platform.names);
      return Object.entries(config.servers).map(([name, s]) => ({
        name,
        type: s.type,
        enabled: s.enabled,
        ...(s.description ? { description: s.description } : {}),
        target: s.type === 'stdio' ? [s.command, ...s.args].join(' ') : redactDefinition({ url: s.url }).url,
        profiles: Object.entries(config.profiles)
          .filter(([, p]) => p.servers.includes(name))
          .map(([p]) => p),
        running: running.has(name),
        status: running.has(name) ? deps.platform.serverStatus(name) : null,
      }));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/servers',
    tag: 'servers',
    summary: 'Add a server (a command or a URL) and start it when it is in the running profile',
    description: 'Adding a command server runs a program on this machine: admin scope, audit-logged.',
    scope: 'admin',
    status: 201,
    body: addBody,
    response: changeSchema,
    handler: async ({ deps, body, caller, res }) => {
      const { name, profile, ...def } = body;
      const target = profile ?? deps.platform.profile;
      await configOf(deps).update((raw) => addServer(raw, name, def, target));
      if (def.command !== undefined) await auditCommand(deps, caller, 'server.add', name, def);
      res.statusCode = 201;
      return { name, definition: redactDefinition(def), reconcile: await reconcile(deps) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/servers/{name}/config',
    tag: 'servers',
    summary: "A server's definition (secret values as ***) and the profiles listing it",
    scope: 'read',
    params: nameParams,
    response: z.object({ name: z.string(), definition: definitionSchema, profiles: z.array(z.string()) }),
    handler: async ({ deps, params }) => {
      const { config, raw } = await configOf(deps).load();
      if (!config.servers[params.name]) throw notFound(params.name);
      const stored = (raw.servers as Record<string, Record<string, unknown>>)[params.name]!;
      return {
        name: params.name,
        definition: redactDefinition({ ...config.servers[params.name]!, ...stored }),
        profiles: Object.entries(config.profiles)
          .filter(([, p]) => p.servers.includes(params.name))
          .map(([p]) => p),
      };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/servers/{name}',
    tag: 'servers',
    summary: 'Change fields of a server definition and reconcile (a changed command restarts it)',
    scope: 'admin',
    params: nameParams,
    body: patchBody,
    response: changeSchema,
    handler: async ({ deps, params, body, caller }) => {
      const { name } = params;
      const patch = body as Record<string, unknown>;
      const def = await configOf(deps).update((raw) => {
        const stored = (raw.servers as Record<string, Record<string, unknown>> | undefined)?.[name];
        if (!stored) throw notFound(name);
        const next = { ...patch };
        if (next.env) next.env = keepRedacted(next.env as Record<string, string>, stored.env);
        if (next.headers) next.headers = keepRedacted(next.headers as Record<string, string>, stored.headers);
        updateServer(raw, name, next);
        return { ...(raw.servers as Record<string, Record<string, unknown>>)[name]! };
      });
      if (patch.command !== undefined || patch.args !== undefined || patch.cwd !== undefined)
        await auditCommand(deps, caller, 'server.update', name, def);
      return { name, definition: redactDefinition(def), reconcile: await reconcile(deps) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/servers/{name}',
    tag: 'servers',
    summary: 'Remove a server from config.yaml and every profile (stops it)',
    scope: 'admin',
    params: nameParams,
    response: changeSchema,
    handler: async ({ deps, params }) => {
      await configOf(deps).update((raw) => removeServer(raw, params.name));
      return { name: params.name, reconcile: await reconcile(deps) };
    },
  }),
  ...(['enable', 'disable'] as const).map((verb) =>
    defineRoute({
      method: 'post',
      path: `/api/v1/servers/{name}/${verb}`,
      tag: 'servers',
      summary: `${verb === 'enable' ? 'Enable' : 'Disable'} a server in config.yaml and reconcile`,
      scope: 'admin',
      params: nameParams,
      response: changeSchema,
      handler: async ({ deps, params }) => {
        await configOf(deps).update((raw) => setServerEnabled(raw, params.name, verb === 'enable'));
        return { name: params.name, reconcile: await reconcile(deps) };
      },
    }),
  ),
];

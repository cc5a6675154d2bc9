/**
 * Profiles: named sets of servers. A running platform keeps the profile it started with (decision 0006):
 * editing that profile's servers reconciles it; choosing another active profile takes effect at the next
 * `mcp up`, which the answer says.
 * @module
 */
import * as z from 'zod';

import {
  addToProfile,
  createProfile,
  deleteProfile,
  removeFromProfile,
  useProfile,
} from '../../config/edit.js';
import { PlatformError, PlatformErrorCode } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { nameParams, slugSchema } from '../schemas.js';

import { reloadResultSchema } from './system.js';

const profileSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  servers: z.array(z.string()),
  active: z.boolean().describe('The active profile in config.yaml (what the next `mcp up` runs)'),
  running: z.boolean().describe('The profile this platform runs'),
});

const changeSchema = z.object({
  profile: profileSchema.nullable(),
  reconcile: reloadResultSchema.nullable(),
  note: z.string().optional(),
});

function configOf(deps: ApiDeps): NonNullable<ApiDeps['config']> {
  if (!deps.config) throw new HttpError(404, 'NOT_AVAILABLE', 'config editing is not available');
  return deps.config;
}

async function view(deps: ApiDeps, name: string): Promise<z.input<typeof profileSchema>> {
  const { config } = await configOf(deps).load();
  const p = config.profiles[name];
  if (!p) {
    throw new PlatformError(PlatformErrorCode.ProfileNotFound, `no profile named "${name}"`, { name });
  }
  return {
    name,
    ...(p.description ? { description: p.description } : {}),
    servers: p.servers,
    active: config.activeProfile === name,
    running: deps.platform.profile === name,
  };
}

/** The reconcile, when the edit touched the running profile. */
async function reconcileIf(deps: ApiDeps, name: string): Promise<z.input<typeof reloadResultSchema> | null> {
  if (name !== deps.platform.profile || !deps.reload) return null;
  return (await deps.reload()) as z.input<typeof reloadResultSchema>;
}

const serversBody = z.object({ servers: z.array(slugSchema).min(1) }).strict();

/** Profile routes. */
export const profileRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/profiles',
    tag: 'profiles',
    summary: 'Every profile',
    scope: 'read',
    response: z.array(profileSchema),
    handler: async ({ deps }) => {
      const { config } = await configOf(deps).load();
      return Promise.all(Object.keys(config.profiles).map((n) => view(deps, n)));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/profiles',
    tag: 'profiles',
    summary: 'Create a profile',
    scope: 'admin',
    status: 201,
    body: z
      .object({
        name: slugSchema,
        servers: z.array(slugSchema).default([]),
        description: z.string().max(500).optional(),
      })
      .strict(),
    response: changeSchema,
    handler: async ({ deps, body, res }) => {
      await configOf(deps).update((raw) => createProfile(raw, body.name, body.servers, body.description));
      res.statusCode = 201;
      return { profile: await view(deps, body.name), reconcile: null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/profiles/{name}',
    tag: 'profiles',
    summary: 'One profile',
    scope: 'read',
    params: nameParams,
    response: profileSchema,
    handler: ({ deps, params }) => view(deps, params.name),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/profiles/{name}',
    tag: 'profiles',
    summary: 'Delete a profile (not the active one, nor the running one)',
    scope: 'admin',
    params: nameParams,
    response: changeSchema,
    handler: async ({ deps, params }) => {
      if (params.name === deps.platform.profile) {
        throw new PlatformError(
          PlatformErrorCode.InvalidInput,
          `"${params.name}" is the profile this platform runs`,
          { name: params.name },
          { hint: 'stop the platform first (mcp down), or start it with another profile' },
        );
      }
      await configOf(deps).update((raw) => deleteProfile(raw, params.name));
      return { profile: null, reconcile: null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/profiles/{name}/servers',
    tag: 'profiles',
    summary: 'Add servers to a profile (the running profile starts them)',
    scope: 'admin',
    params: nameParams,
    body: serversBody,
    response: changeSchema,
    handler: async ({ deps, params, body }) => {
      await configOf(deps).update((raw) => addToProfile(raw, params.name, body.servers));
      return { profile: await view(deps, params.name), reconcile: await reconcileIf(deps, params.name) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/profiles/{name}/servers/{server}',
    tag: 'profiles',
    summary: 'Remove a server from a profile (it stays defined; the running profile stops it)',
    scope: 'admin',
    params: nameParams.extend({ server: slugSchema }),
    response: changeSchema,
    handler: async ({ deps, params }) => {
      await configOf(deps).update((raw) => removeFromProfile(raw, params.name, [params.server]));
      return { profile: await view(deps, params.name), reconcile: await reconcileIf(deps, params.name) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/profiles/{name}/use',
    tag: 'profiles',
    summary: 'Make a profile the active one (used by the next `mcp up`; the running profile stays)',
    scope: 'admin',
    params: nameParams,
    response: changeSchema,
    handler: async ({ deps, params }) => {
      await configOf(deps).update((raw) => useProfile(raw, params.name));
      const running = deps.platform.profile;
      return {
        profile: await view(deps, params.name),
        reconcile: null,
        ...(running !== params.name
          ? { note: `this platform keeps running "${running}"; restart it to switch: mcp down && mcp up` }
          : {}),
      };
    },
  }),
];

/**
 * Liveness, readiness, Prometheus metrics (in `probes.ts`), platform status and config reload.
 * @module
 */
import * as z from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { platformStatusSchema } from '../schemas.js';

import { probeRoutes } from './probes.js';

const reconcileSchema = z.object({
  profile: z.string(),
  actions: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      changed: z.array(z.string()),
      state: z.string(),
      error: z.string().optional(),
    }),
  ),
  notes: z.array(z.string()).optional(),
});

/** The reconcile result of a reload (also answered by config-changing routes). */
export const reloadResultSchema = reconcileSchema;

/** System routes. */
export const systemRoutes: ApiRoute[] = [
  ...probeRoutes,
  defineRoute({
    method: 'get',
    path: '/api/v1/status',
    tag: 'system',
    summary: 'Platform facts and every server',
    scope: 'read',
    response: platformStatusSchema,
    handler: ({ deps }) => ({ platform: deps.describe(), ...deps.platform.status() }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/reload',
    tag: 'system',
    summary: 'Reload config.yaml and reconcile',
    scope: 'admin',
    response: reconcileSchema,
    handler: async ({ deps }) => {
      if (!deps.reload) throw new HttpError(404, 'NOT_FOUND', 'reload is not available');
      return (await deps.reload()) as z.input<typeof reconcileSchema>;
    },
  }),
];

/**
 * Liveness, readiness, Prometheus metrics, platform status and config reload.
 * @module
 */
import { z } from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError, sendJson } from '../router.js';
import { platformStatusSchema } from '../schemas.js';

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
  defineRoute({
    method: 'get',
    path: '/health',
    tag: 'system',
    summary: 'Liveness',
    scope: 'none',
    response: z.object({ status: z.literal('ok') }),
    handler: () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    method: 'get',
    path: '/ready',
    tag: 'system',
    summary: 'Readiness: 503 until every server had its first start',
    scope: 'none',
    response: z.object({ ready: z.boolean() }),
    handler: ({ deps, res }) => {
      const ready = deps.isReady() && !deps.isClosing();
      sendJson(res, ready ? 200 : 503, { ready });
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/metrics',
    tag: 'system',
    summary: 'Prometheus metrics (text exposition format)',
    description: 'Needs the `read` scope unless `gateway.publicMetrics` is set.',
    scope: 'read',
    isPublic: (deps) => deps.publicMetrics === true,
    response: z.string(),
    stream: { contentType: 'text/plain', item: z.string() },
    handler: async ({ deps, res }) => {
      if (!deps.metrics) throw new HttpError(404, 'NOT_FOUND', 'metrics are not enabled');
      const { contentType, body } = await deps.metrics.render();
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
      return undefined;
    },
  }),
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

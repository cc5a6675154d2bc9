/**
 * Liveness, readiness and Prometheus metrics: the routes that monitoring polls. They load with the
 * control app; every other route loads with the first request that needs one (see `control-app.ts`).
 * @module
 */
import * as z from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError, sendJson } from '../router.js';

/** `/health`, `/ready` and `/metrics`. */
export const probeRoutes: ApiRoute[] = [
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
];

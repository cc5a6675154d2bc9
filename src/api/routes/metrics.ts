/**
 * The metrics summary the dashboard charts: calls/s, error rate, p50/p95 latency of the gateway's
 * forwarded calls over a recent window, from the in-memory call series.
 * @module
 */
import * as z from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';

const figures = {
  calls: z.number().int(),
  errors: z.number().int(),
  rate: z.number().describe('Calls per second'),
  errorRate: z.number().describe('Failed calls / calls (0 without calls)'),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
};

/** Metrics routes. */
export const metricsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/metrics/summary',
    tag: 'metrics',
    summary: 'Calls/s, error rate and p50/p95 latency over a recent window, in steps',
    scope: 'read',
    query: z.object({
      window: z.coerce.number().int().min(10).max(3600).default(300).describe('Seconds back from now'),
      step: z.coerce.number().int().min(1).max(3600).default(5).describe('Seconds per point'),
    }),
    response: z.object({
      windowSeconds: z.number().int(),
      stepSeconds: z.number().int(),
      points: z.array(z.object({ t: z.number().describe('Start of the step, ms since epoch'), ...figures })),
      total: z.object(figures),
      sessions: z.number().int(),
      servers: z.object({ running: z.number().int(), total: z.number().int() }),
    }),
    handler: ({ deps, query }) => {
      if (!deps.calls) throw new HttpError(404, 'NOT_AVAILABLE', 'the call series is not enabled');
      const servers = deps.platform.status().servers;
      return {
        ...deps.calls.summary(query.window, query.step),
        sessions: deps.gateway?.sessionCount ?? 0,
        servers: { running: servers.filter((s) => s.state === 'running').length, total: servers.length },
      };
    },
  }),
];

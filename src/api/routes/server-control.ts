/**
 * Running servers: status, start, stop, restart, log tail (or follow as NDJSON), health.
 * @module
 */
import * as z from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { nameParams, serverStatusSchema } from '../schemas.js';

const logsQuery = z.object({
  n: z.coerce.number().int().min(1).max(10_000).default(100).describe('How many lines'),
  follow: z.enum(['0', '1']).default('0').describe('1: stream new lines as NDJSON until closed'),
});

const healthSchema = z.object({
  name: z.string(),
  healthy: z.boolean(),
  state: z.string(),
  pingMs: z.number().nullable(),
  restarts: z.number().int(),
  lastError: serverStatusSchema.shape.lastError,
  nextRestartAt: z.number().nullable(),
});

/** Routes acting on running servers. */
export const serverControlRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/servers/{name}',
    tag: 'servers',
    summary: "A running server's status",
    scope: 'read',
    params: nameParams,
    response: serverStatusSchema,
    handler: ({ deps, params }) => deps.platform.serverStatus(params.name),
  }),
  ...(['start', 'stop', 'restart'] as const).map((verb) =>
    defineRoute({
      method: 'post',
      path: `/api/v1/servers/{name}/${verb}`,
      tag: 'servers',
      summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a server; answers its status afterwards`,
      scope: 'admin',
      params: nameParams,
      response: serverStatusSchema,
      handler: async ({ deps, params, caller }) => {
        const { name } = params;
        deps.logger.info(`${verb} requested`, { server: name, by: caller.keyName ?? caller.kind });
        if (verb === 'start') await deps.platform.startServer(name);
        else if (verb === 'stop') await deps.platform.stopServer(name);
        else await deps.platform.restartServer(name);
        return deps.platform.serverStatus(name);
      },
    }),
  ),
  defineRoute({
    method: 'get',
    path: '/api/v1/servers/{name}/logs',
    tag: 'servers',
    summary: "The tail of a server's stderr log; ?follow=1 streams NDJSON {line} objects",
    scope: 'read',
    params: nameParams,
    query: logsQuery,
    response: z.object({ name: z.string(), lines: z.array(z.string()) }),
    stream: { contentType: 'application/x-ndjson', item: z.object({ line: z.string() }) },
    handler: ({ deps, params, query, req, res }) => {
      const { name } = params;
      const lines = deps.platform.tail(name, query.n);
      if (query.follow !== '1') return { name, lines };
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      for (const line of lines) res.write(JSON.stringify({ line }) + '\n');
      const stop = deps.platform.follow(name, (line) => res.write(JSON.stringify({ line }) + '\n'));
      const keepAlive = setInterval(() => res.write('\n'), 15_000);
      req.on('close', () => {
        stop();
        clearInterval(keepAlive);
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/servers/{name}/health',
    tag: 'servers',
    summary: 'Whether a server is healthy now, and why not',
    scope: 'read',
    params: nameParams,
    response: healthSchema,
    handler: ({ deps, params }) => {
      const s = deps.platform.serverStatus(params.name);
      return {
        name: s.name,
        healthy: s.state === 'running',
        state: s.state,
        pingMs: s.pingMs,
        restarts: s.restarts,
        lastError: s.lastError,
        nextRestartAt: s.nextRestartAt,
      };
    },
  }),
];

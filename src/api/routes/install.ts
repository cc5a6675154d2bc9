/**
 * Installing through the API: the plan (a dry run: what would run, which variables it needs), the install
 * itself with its progress streamed as NDJSON, and uninstall. The work is the install flow of
 * `src/install/flow.ts`, reached through `ApiDeps.install`; a finished install is reconciled into the
 * running platform.
 * @module
 */
import type { ServerResponse } from 'node:http';

import * as z from 'zod';

import { isPlatformError } from '../../errors.js';
import type { InstallReport } from '../../install/flow.js';
import type { ApiDeps } from '../deps.js';
import { redactDefinition } from '../redact-definition.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { anyObject, errorSchema, slugSchema } from '../schemas.js';

import { reloadResultSchema } from './system.js';

const body = z
  .object({
    ref: z
      .string()
      .min(1)
      .max(2048)
      .describe('Catalog id, npm:<pkg>[@v], pypi:<pkg>, url:<https://...>, a GitHub URL, or a directory'),
    name: slugSchema.optional(),
    profile: slugSchema.optional().describe('Default: the running profile'),
    env: z.record(z.string(), z.string()).default({}).describe('Variables the server needs'),
    verify: z.boolean().default(true).describe('Start it once and list its tools before adding it'),
  })
  .strict();

const reportSchema = z.object({
  name: z.string(),
  source: z.string(),
  plan: z.object({
    commands: z.array(z.string()),
    why: z.array(z.string()),
    vars: z.array(
      z.object({
        name: z.string(),
        description: z.string().optional(),
        required: z.boolean(),
        secret: z.boolean(),
        default: z.string().optional(),
      }),
    ),
  }),
  dryRun: z.boolean(),
  tools: z.array(z.string()),
  server: anyObject.optional(),
  reconcile: reloadResultSchema.nullable().optional(),
});

const streamItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), text: z.string(), at: z.number() }),
  z.object({ type: z.literal('done'), report: reportSchema }),
  z.object({ type: z.literal('error'), error: errorSchema.shape.error }),
]);

function installer(deps: ApiDeps): NonNullable<ApiDeps['install']> {
  if (!deps.install) throw new HttpError(404, 'NOT_AVAILABLE', 'installing is not available');
  return deps.install;
}

function shown(report: InstallReport): z.input<typeof reportSchema> {
  const vars = report.plan.vars.map((v) => ({
    name: v.name,
    required: v.required,
    secret: v.secret,
    ...(v.description ? { description: v.description } : {}),
    ...(v.default !== undefined && !v.secret ? { default: v.default } : {}),
  }));
  return {
    name: report.name,
    source: report.source,
    plan: { commands: report.plan.commands, why: report.plan.why, vars },
    dryRun: report.dryRun,
    tools: report.tools,
    ...(report.server ? { server: redactDefinition(report.server) } : {}),
  };
}

function errorOf(err: unknown): z.input<typeof errorSchema>['error'] {
  if (isPlatformError(err))
    return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  if (err instanceof HttpError) return { code: err.code, message: err.message };
  return { code: 'INSTALL_FAILED', message: err instanceof Error ? err.message : String(err) };
}

const line = (res: ServerResponse, item: z.input<typeof streamItem>): boolean =>
  res.write(JSON.stringify(item) + '\n');

/** Install routes. */
export const installRoutes: ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/install/plan',
    tag: 'catalog',
    summary: 'What installing a reference would do and which variables it needs (changes nothing)',
    scope: 'admin',
    body: body.pick({ ref: true, name: true }),
    response: reportSchema,
    handler: async ({ deps, body }) =>
      shown(
        await installer(deps)(
          { ref: body.ref, name: body.name, env: {}, dryRun: true, verify: false },
          () => undefined,
        ),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/install',
    tag: 'catalog',
    summary: 'Install, verify and add a server; ?stream=1 streams progress as NDJSON',
    description:
      'Installs run programs on this machine: admin scope. With stream=1 the answer is 200 with NDJSON lines ' +
      '{type: progress|done|error}; without it, the report once done (or the error).',
    scope: 'admin',
    query: z.object({ stream: z.enum(['0', '1']).default('0') }),
    body,
    response: reportSchema,
    stream: { contentType: 'application/x-ndjson', item: streamItem },
    handler: async ({ deps, body, query, res, caller }) => {
      const run = installer(deps);
      const request = {
        ...body,
        profile: body.profile ?? deps.platform.profile,
        dryRun: false,
      };
      deps.logger.warn(`install of ${body.ref} requested through the API`, {
        by: caller.keyName ?? caller.kind,
      });
      await deps.storage?.audit.append({
        at: Date.now(),
        actor: caller.keyName ? `key:${caller.keyName}` : caller.kind,
        action: 'server.install',
        target: body.name ?? body.ref,
        details: { ref: body.ref, via: 'api', vars: Object.keys(body.env) },
      });
      const finish = async (report: InstallReport): Promise<z.input<typeof reportSchema>> => ({
        ...shown(report),
        reconcile: deps.reload ? ((await deps.reload()) as z.input<typeof reloadResultSchema>) : null,
      });
      if (query.stream !== '1') return finish(await run(request, () => undefined));
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      try {
        const report = await run(request, (text) => line(res, { type: 'progress', text, at: Date.now() }));
        line(res, { type: 'done', report: await finish(report) });
      } catch (err) {
        line(res, { type: 'error', error: errorOf(err) });
      }
      res.end();
      return undefined;
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/installs/{name}',
    tag: 'catalog',
    summary: 'Uninstall a server: config entry, installed files, its secrets',
    scope: 'admin',
    params: z.object({ name: slugSchema }),
    response: z.object({
      name: z.string(),
      removed: z.array(z.string()),
      reconcile: reloadResultSchema.nullable(),
    }),
    handler: async ({ deps, params }) => {
      if (!deps.uninstall) throw new HttpError(404, 'NOT_AVAILABLE', 'uninstalling is not available');
      const result = await deps.uninstall(params.name);
      const reconcile = deps.reload ? ((await deps.reload()) as z.input<typeof reloadResultSchema>) : null;
      return { ...result, reconcile };
    },
  }),
];

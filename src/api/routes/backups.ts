/**
 * Backups of the platform home: list, and create (config.yaml, secrets and a storage snapshot in one
 * verified archive). Restoring replaces the state under a running platform, so it stays a CLI step
 * (`mcp backup restore`).
 * @module
 */
import * as z from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';

const backupSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  sizeBytes: z.number(),
  reason: z.string(),
  platformVersion: z.string().optional(),
  files: z.number().int().describe('Number of files in the archive'),
  error: z.string().optional().describe('Why the archive cannot be read'),
});

type BackupRow = z.input<typeof backupSchema>;

function row(b: {
  id: string;
  createdAt: string;
  sizeBytes: number;
  reason: string;
  platformVersion?: string | undefined;
  files: readonly unknown[];
  error?: string | undefined;
}): BackupRow {
  return {
    id: b.id,
    createdAt: b.createdAt,
    sizeBytes: b.sizeBytes,
    reason: b.reason,
    ...(b.platformVersion ? { platformVersion: b.platformVersion } : {}),
    files: b.files.length,
    ...(b.error ? { error: b.error } : {}),
  };
}

/** Backup routes. */
export const backupRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/backups',
    tag: 'backups',
    summary: 'Every backup, newest first',
    scope: 'admin',
    response: z.array(backupSchema),
    handler: async ({ deps }) => {
      if (!deps.paths) throw new HttpError(404, 'NOT_AVAILABLE', 'backups are not available');
      const { listBackups } = await import('../../backup/index.js');
      return (await listBackups(deps.paths)).map(row);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/backups',
    tag: 'backups',
    summary: 'Create a backup now',
    scope: 'admin',
    status: 201,
    body: z.object({ reason: z.string().max(64).default('api') }).strict(),
    response: backupSchema,
    handler: async ({ deps, body, res }) => {
      if (!deps.paths || !deps.storage)
        throw new HttpError(404, 'NOT_AVAILABLE', 'backups are not available');
      const { createBackup } = await import('../../backup/index.js');
      const info = await createBackup({
        paths: deps.paths,
        storage: deps.storage,
        reason: body.reason,
        platformVersion: deps.describe().version,
      });
      res.statusCode = 201;
      return row(info);
    },
  }),
];

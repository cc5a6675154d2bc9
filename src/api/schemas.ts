/**
 * Zod schemas shared by several routes: the error shape, server status, names. Route-specific schemas
 * live with their routes.
 * @module
 */
import * as z from 'zod';

import { SLUG_PATTERN } from '../config/names.js';

/** The one error shape every route answers with. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.unknown().optional(),
  }),
});

/** A server or profile name. */
export const slugSchema = z.string().regex(SLUG_PATTERN, 'use 1-32 lowercase letters, digits or hyphens');

/** `{name}` in a path. */
export const nameParams = z.object({ name: z.string().min(1).max(200) });

/** One server's live status (see `src/platform/status.ts`). */
export const serverStatusSchema = z.object({
  name: z.string(),
  type: z.enum(['stdio', 'remote']),
  state: z.string(),
  transport: z.string(),
  pid: z.number().int().nullable(),
  uptimeMs: z.number().nullable(),
  restarts: z.number().int(),
  cpu: z.number().nullable(),
  rssBytes: z.number().nullable(),
  tools: z.number().int().nullable(),
  pingMs: z.number().nullable(),
  lastError: z
    .object({ code: z.string().optional(), message: z.string(), at: z.number().optional() })
    .nullable(),
  nextRestartAt: z.number().nullable(),
  lastLines: z.array(z.string()),
  metrics: z.record(z.string(), z.number()),
});

/** Platform-level facts. */
export const platformInfoSchema = z.object({
  running: z.boolean(),
  pid: z.number().int().nullable(),
  profile: z.string(),
  startedAt: z.string().nullable(),
  url: z.string().nullable(),
  version: z.string(),
});

/** `/api/v1/status`. */
export const platformStatusSchema = z.object({
  platform: platformInfoSchema,
  health: z.string(),
  servers: z.array(serverStatusSchema),
});

/** An acknowledgement with what was affected. */
export const okSchema = z.object({ ok: z.literal(true) }).catchall(z.unknown());

/** Any JSON object. */
export const anyObject = z.object({}).catchall(z.unknown());

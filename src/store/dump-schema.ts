/**
 * The JSON shape of a storage snapshot, validated with zod wherever a dump crosses a file boundary
 * (`load()`, backup restore).
 * @module
 */
import * as z from 'zod';

const epochMs = z.number().int().nonnegative();

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  hash: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: epochMs,
  lastUsedAt: epochMs.nullable(),
  revokedAt: epochMs.nullable(),
});

const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: epochMs,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.unknown(),
});

const toolCallSchema = z.object({
  id: z.number().int().positive(),
  at: epochMs,
  sessionId: z.string(),
  server: z.string(),
  tool: z.string(),
  durationMs: z.number().nonnegative(),
  ok: z.boolean(),
  error: z.string().nullable(),
});

const metricRollupSchema = z.object({
  bucket: epochMs.refine((b) => b % 60_000 === 0, 'bucket must be a multiple of 60000'),
  server: z.string(),
  tool: z.string(),
  calls: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  totalMs: z.number().nonnegative(),
});

const toolPinSchema = z.object({ server: z.string(), tool: z.string(), hash: z.string(), pinnedAt: epochMs });

const kvEntrySchema = z.object({ key: z.string(), value: z.string() });

/** Validates a {@link StorageDump}. */
export const storageDumpSchema = z.object({
  /** Version of this JSON layout; bumps only if the envelope itself changes. */
  format: z.literal(1),
  /** The schema version of the database the dump was taken from. */
  schemaVersion: z.number().int().nonnegative(),
  /** When the snapshot was taken, epoch ms. */
  takenAt: epochMs,
  tables: z.object({
    apiKeys: z.array(apiKeySchema),
    audit: z.array(auditEntrySchema),
    toolCalls: z.array(toolCallSchema),
    metrics: z.array(metricRollupSchema),
    toolPins: z.array(toolPinSchema),
    kv: z.array(kvEntrySchema),
  }),
});

/** A snapshot of every table, as produced by `Storage.dump()` and accepted by `Storage.load()`. */
export type StorageDump = z.infer<typeof storageDumpSchema>;

/**
 * The manifest inside every backup archive, and the `BackupInfo` the library hands out.
 * @module
 */
import * as z from 'zod';

/** Version of the archive layout. */
export const BACKUP_FORMAT = 1;

/** The archive member holding the manifest. */
export const MANIFEST_FILE = 'manifest.json';
/** The archive member holding `storage.dump()`. */
export const STATE_FILE = 'state.json';

/** One file of a backup. */
export interface BackupFile {
  /** Relative POSIX path inside the archive: `config.yaml`, `state.json`, `secrets/<name>`. */
  readonly path: string;
  /** Hex SHA-256 of the content. */
  readonly sha256: string;
  readonly size: number;
}

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && p !== MANIFEST_FILE, 'unsafe path');

/** Validates `manifest.json`. */
export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  id: z.string(),
  /** ISO 8601. */
  createdAt: z.iso.datetime(),
  reason: z.string(),
  platformVersion: z.string().optional(),
  files: z.array(
    z.object({
      path: relativePath,
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      size: z.number().int().nonnegative(),
    }),
  ),
});

/** The parsed `manifest.json`. */
export type BackupManifest = z.infer<typeof manifestSchema>;

/** A backup archive as the library reports it. */
export interface BackupInfo {
  readonly id: string;
  /** Absolute path of the archive. */
  readonly file: string;
  /** ISO 8601; for an unreadable archive, the time in its id. */
  readonly createdAt: string;
  readonly sizeBytes: number;
  /** Why it was taken: `manual`, `pre-restore`, … (`unknown` when unreadable). */
  readonly reason: string;
  readonly platformVersion?: string;
  /** Every file except the manifest itself. */
  readonly files: readonly BackupFile[];
  /** Set by `listBackups` when the archive or its manifest cannot be read. */
  readonly error?: string;
}

/** Builds the info of an archive from its manifest. */
export function infoFromManifest(m: BackupManifest, file: string, sizeBytes: number): BackupInfo {
  return {
    id: m.id,
    file,
    createdAt: m.createdAt,
    sizeBytes,
    reason: m.reason,
    ...(m.platformVersion === undefined ? {} : { platformVersion: m.platformVersion }),
    files: m.files,
  };
}

/**
 * Puts a backup back: config, secrets and storage, after verifying it and saving the current state.
 * @module
 */
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HomePaths } from '../config/paths.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { LATEST_SCHEMA_VERSION } from '../store/index.js';
import type { Storage } from '../store/index.js';
import { createBackup } from './create-backup.js';
import { exists, privateTempDir } from './fs-helpers.js';
import type { BackupInfo } from './manifest.js';
import { extractVerified, findArchive } from './verify-backup.js';

/** Options of {@link restoreBackup}. */
export interface RestoreBackupOptions {
  readonly paths: HomePaths;
  readonly storage: Pick<Storage, 'dump' | 'load'>;
  readonly id: string;
  /** Time of the safety backup. Default: now. */
  readonly now?: Date;
}

/** What {@link restoreBackup} did. */
export interface RestoreResult {
  readonly restored: BackupInfo;
  /** The state just before the restore, reason `pre-restore`. */
  readonly safetyBackup: BackupInfo;
}

/**
 * Restores a backup. Order matters:
 * 1. verify the archive completely (on failure nothing has been touched);
 * 2. take a safety backup of the current state (reason `pre-restore`);
 * 3. rename `config.yaml` into place, then move the old `secrets/` aside, rename the restored one in
 *    and delete the old one (a path absent from the backup is removed, the backup being the truth);
 * 4. load `state.json` into storage in one transaction.
 *
 * Callers serialize with other config writers (the CLI holds the config lock around this).
 * @throws PlatformError `BackupNotFound`, `BackupCorrupt` (nothing changed); `StorageFailed` if the dump
 *   is from a newer schema (nothing changed); after step 2, any failure names the safety backup.
 * @example
 * const { safetyBackup } = await restoreBackup({ paths, storage, id: '20261124T013000Z-ab12cd' });
 */
export async function restoreBackup(opts: RestoreBackupOptions): Promise<RestoreResult> {
  const { paths, storage, id } = opts;
  await findArchive(paths, id);
  // Extract inside the home so the final renames stay on one file system.
  const work = await privateTempDir(paths.home, '.restore-');
  try {
    const { info, dir, dump } = await extractVerified(paths, id, work);
    if (dump.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new PlatformError(
        PlatformErrorCode.StorageFailed,
        `Backup ${id} holds storage schema version ${dump.schemaVersion}, newer than this version of the platform knows (${LATEST_SCHEMA_VERSION}); nothing was restored.`,
        { id, version: dump.schemaVersion },
        { hint: 'Upgrade the platform, then restore again.' },
      );
    }
    const safetyBackup = await createBackup({
      paths,
      storage,
      reason: 'pre-restore',
      ...(opts.now === undefined ? {} : { now: opts.now }),
    });
    try {
      await swapIn(path.join(dir, path.basename(paths.config)), paths.config, path.join(work, 'old-config'));
      await swapIn(path.join(dir, 'secrets'), paths.secrets, path.join(work, 'old-secrets'));
      await storage.load(dump);
    } catch (e) {
      throw new PlatformError(
        e instanceof PlatformError ? e.code : PlatformErrorCode.HomeUnwritable,
        `Restoring backup ${id} failed part-way: ${e instanceof Error ? e.message : String(e)}. The state from before the restore is in backup ${safetyBackup.id}.`,
        { id, safetyBackup: safetyBackup.id, path: paths.home },
        { cause: e, hint: `Restore ${safetyBackup.id} to return to where you were.` },
      );
    }
    return { restored: info, safetyBackup };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Replaces `target` (a file or a directory) by `source` with renames only. A directory cannot be
 * renamed over, so the old one moves to `aside` first and comes back if the second rename fails. A
 * missing `source` means "remove target" (it ends up in `aside`, deleted with the work dir).
 */
async function swapIn(source: string, target: string, aside: string): Promise<void> {
  const hadOld = await exists(target);
  const hasNew = await exists(source);
  if (!hasNew && !hadOld) return;
  if (hasNew && hadOld && !(await lstat(target)).isDirectory()) {
    // A file is replaced in one atomic rename: readers see the old or the new one, never none.
    await rename(source, target);
    return;
  }
  if (hadOld) await rename(target, aside);
  if (!hasNew) return;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await rename(source, target);
  } catch (e) {
    if (hadOld) await rename(aside, target);
    throw e;
  }
}

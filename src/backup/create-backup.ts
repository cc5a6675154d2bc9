/**
 * Writes a backup archive of a platform home: config, secrets and a storage dump, with a manifest of
 * checksums.
 * @module
 */
import { copyFile, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create as createTar } from 'tar';
import type { HomePaths } from '../config/paths.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { Storage } from '../store/index.js';
import { newBackupId } from './backup-id.js';
import { copyTree, exists, privateTempDir, sha256File, walkFiles } from './fs-helpers.js';
import { BACKUP_FORMAT, MANIFEST_FILE, STATE_FILE, infoFromManifest } from './manifest.js';
import type { BackupFile, BackupInfo, BackupManifest } from './manifest.js';

/** Options of {@link createBackup}. */
export interface CreateBackupOptions {
  readonly paths: HomePaths;
  /** Where `state.json` comes from. */
  readonly storage: Pick<Storage, 'dump'>;
  /** The backup time. Default: now. */
  readonly now?: Date;
  /** Why the backup is taken; shown by `listBackups`. Default `manual`. */
  readonly reason?: string;
  /** Recorded in the manifest when given. */
  readonly platformVersion?: string;
}

/** Names of the archive members for config and secrets, as the home calls them. */
const CONFIG_MEMBER = 'config.yaml';
const SECRETS_MEMBER = 'secrets';

/** The archive of a backup id. */
export function archivePath(paths: Pick<HomePaths, 'backups'>, id: string): string {
  return path.join(paths.backups, `${id}.tar.gz`);
}

/**
 * Writes `<backups>/<id>.tar.gz` holding `config.yaml` and `secrets/` (when present, modes kept),
 * `state.json` and `manifest.json`. The archive is written under a temporary name and renamed into
 * place, so a crash never leaves a partial archive under a backup's name. Archives are mode 0600:
 * they contain secrets.
 * @example
 * const info = await createBackup({ paths: homePaths(home), storage, reason: 'manual' });
 * // info.file === `${home}/backups/20261124T013000Z-ab12cd.tar.gz`
 */
export async function createBackup(opts: CreateBackupOptions): Promise<BackupInfo> {
  const now = opts.now ?? new Date();
  const id = newBackupId(now);
  try {
    return await writeArchive(opts, id, now);
  } catch (e) {
    if (e instanceof PlatformError) throw e;
    throw new PlatformError(
      PlatformErrorCode.HomeUnwritable,
      `Cannot write backup ${id}: ${e instanceof Error ? e.message : String(e)}`,
      { path: opts.paths.backups },
      { cause: e, hint: `Check that ${opts.paths.backups} is writable and the disk has room.` },
    );
  }
}

async function writeArchive(opts: CreateBackupOptions, id: string, now: Date): Promise<BackupInfo> {
  const { paths } = opts;
  await mkdir(paths.backups, { recursive: true, mode: 0o700 });
  const staging = await privateTempDir(paths.backups, '.staging-');
  const partial = path.join(paths.backups, `.${id}.tar.gz.partial`);
  const final = archivePath(paths, id);
  try {
    const members: string[] = [];
    if (await exists(paths.config)) {
      await copyFile(paths.config, path.join(staging, CONFIG_MEMBER));
      members.push(CONFIG_MEMBER);
    }
    if (await exists(paths.secrets)) {
      await copyTree(paths.secrets, path.join(staging, SECRETS_MEMBER));
      members.push(SECRETS_MEMBER);
    }
    const dump = await opts.storage.dump();
    await writeFile(path.join(staging, STATE_FILE), `${JSON.stringify(dump, null, 2)}\n`, { mode: 0o600 });
    members.push(STATE_FILE);

    const files: BackupFile[] = [];
    for (const rel of await walkFiles(staging)) {
      const abs = path.join(staging, rel);
      files.push({ path: rel, sha256: await sha256File(abs), size: (await stat(abs)).size });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      id,
      createdAt: now.toISOString(),
      reason: opts.reason ?? 'manual',
      ...(opts.platformVersion === undefined ? {} : { platformVersion: opts.platformVersion }),
      files,
    };
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    // The manifest goes first so listing can stop reading early in future; `portable` drops owner ids.
    await createTar({ gzip: true, file: partial, cwd: staging, portable: true, mode: 0o600 }, [
      MANIFEST_FILE,
      ...members,
    ]);
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, final);
    return infoFromManifest(manifest, final, (await stat(final)).size);
  } finally {
    await rm(partial, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

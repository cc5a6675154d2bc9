/**
 * Checks a backup archive end to end: it extracts, its manifest is valid, every file matches its
 * checksum and size, nothing unlisted is present, and `state.json` is a valid storage dump.
 * @module
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { extract } from 'tar';
import type { HomePaths } from '../config/paths.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { storageDumpSchema } from '../store/index.js';
import type { StorageDump } from '../store/index.js';
import { isBackupId } from './backup-id.js';
import { archivePath } from './create-backup.js';
import { exists, privateTempDir, sha256File, walkFiles } from './fs-helpers.js';
import { MANIFEST_FILE, STATE_FILE, infoFromManifest, manifestSchema } from './manifest.js';
import type { BackupInfo } from './manifest.js';

/** A verified backup, extracted into `dir`. */
export interface ExtractedBackup {
  readonly info: BackupInfo;
  /** Where the archive was extracted; the caller removes it. */
  readonly dir: string;
  readonly dump: StorageDump;
}

function corrupt(id: string, file: string, problem: string, cause?: unknown): PlatformError {
  return new PlatformError(
    PlatformErrorCode.BackupCorrupt,
    `Backup ${id} is corrupt: ${file} ${problem}.`,
    { id, file },
    { cause, hint: 'Restore another backup (mcp backup list shows them all).' },
  );
}

/**
 * The archive of a backup.
 * @throws PlatformError `BackupNotFound` for an unknown id, or one not shaped like an id (which keeps
 *   paths like `../x` away from the file system).
 */
export async function findArchive(paths: Pick<HomePaths, 'backups'>, id: string): Promise<string> {
  const file = archivePath(paths, id);
  if (!isBackupId(id) || !(await exists(file))) {
    throw new PlatformError(
      PlatformErrorCode.BackupNotFound,
      `No backup with id "${id}".`,
      { id },
      {
        hint: 'Run mcp backup list to see the ids.',
      },
    );
  }
  return file;
}

/**
 * Verifies a backup without changing anything.
 * @throws PlatformError `BackupNotFound` for an unknown or malformed id; `BackupCorrupt` naming the id
 *   and the first file that failed.
 * @example await verifyBackup(paths, '20261124T013000Z-ab12cd');
 */
export async function verifyBackup(paths: Pick<HomePaths, 'backups'>, id: string): Promise<BackupInfo> {
  await findArchive(paths, id);
  const work = await privateTempDir(paths.backups, '.verify-');
  try {
    return (await extractVerified(paths, id, work)).info;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Extracts the archive into `<parent>/archive` and verifies it there. The caller owns `parent`.
 * @throws PlatformError as {@link verifyBackup}.
 */
export async function extractVerified(
  paths: Pick<HomePaths, 'backups'>,
  id: string,
  parent: string,
): Promise<ExtractedBackup> {
  const file = await findArchive(paths, id);
  const dir = path.join(parent, 'archive');
  const archiveName = path.basename(file);
  try {
    await mkdir(dir, { mode: 0o700 });
    await extract({
      file,
      cwd: dir,
      strict: true,
      preserveOwner: false,
      // Content only: links and devices in an archive are never ours.
      filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    });
  } catch (e) {
    throw corrupt(id, archiveName, `cannot be extracted (${e instanceof Error ? e.message : String(e)})`, e);
  }

  let manifestRaw: unknown;
  try {
    manifestRaw = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    throw corrupt(id, MANIFEST_FILE, 'is missing or not JSON', e);
  }
  const parsed = manifestSchema.safeParse(manifestRaw);
  if (!parsed.success) throw corrupt(id, MANIFEST_FILE, `is invalid (${parsed.error.issues[0]?.message})`);
  const manifest = parsed.data;
  if (manifest.id !== id) throw corrupt(id, MANIFEST_FILE, `names another backup (${manifest.id})`);

  const listed = new Set(manifest.files.map((f) => f.path));
  for (const rel of await walkFiles(dir)) {
    if (rel !== MANIFEST_FILE && !listed.has(rel)) throw corrupt(id, rel, 'is not in the manifest');
  }
  for (const f of manifest.files) {
    const abs = path.join(dir, f.path);
    if (!(await exists(abs))) throw corrupt(id, f.path, 'is missing');
    if ((await stat(abs)).size !== f.size || (await sha256File(abs)) !== f.sha256) {
      throw corrupt(id, f.path, 'does not match its checksum');
    }
  }
  if (!listed.has(STATE_FILE)) throw corrupt(id, STATE_FILE, 'is missing');
  let dump: StorageDump;
  try {
    dump = storageDumpSchema.parse(JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8')));
  } catch (e) {
    throw corrupt(id, STATE_FILE, 'is not a valid storage dump', e);
  }
  return { info: infoFromManifest(manifest, file, (await stat(file)).size), dir, dump };
}

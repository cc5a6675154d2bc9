/**
 * Lists the backup archives of a home from their manifests.
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { list as listTar } from 'tar';
import type { HomePaths } from '../config/paths.js';
import { backupIdTime, isBackupId } from './backup-id.js';
import { MANIFEST_FILE, infoFromManifest, manifestSchema } from './manifest.js';
import type { BackupInfo, BackupManifest } from './manifest.js';

const ARCHIVE = /^(.+)\.tar\.gz$/;

/**
 * Every backup, newest first. An archive whose manifest cannot be read is still listed, with `error`
 * saying why, so one damaged file never hides the others. Temporary and foreign files are ignored.
 * @example
 * for (const b of await listBackups(paths)) console.log(b.id, b.reason, b.error ?? 'ok');
 */
export async function listBackups(paths: Pick<HomePaths, 'backups'>): Promise<BackupInfo[]> {
  let names: string[];
  try {
    names = await readdir(paths.backups);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const infos: BackupInfo[] = [];
  for (const name of names) {
    const id = ARCHIVE.exec(name)?.[1];
    if (id === undefined || !isBackupId(id)) continue;
    const file = path.join(paths.backups, name);
    const sizeBytes = (await stat(file)).size;
    try {
      const manifest = await readManifest(file);
      if (manifest.id !== id) throw new Error(`manifest names backup ${manifest.id}`);
      infos.push(infoFromManifest(manifest, file, sizeBytes));
    } catch (e) {
      infos.push({
        id,
        file,
        createdAt: (backupIdTime(id) ?? new Date(0)).toISOString(),
        sizeBytes,
        reason: 'unknown',
        files: [],
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return infos.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || cmp(b.id, a.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads and validates `manifest.json` from an archive without extracting anything. */
export async function readManifest(file: string): Promise<BackupManifest> {
  const chunks: Buffer[] = [];
  let seen = false;
  await listTar({
    file,
    strict: true,
    onReadEntry: (entry) => {
      if (entry.path !== MANIFEST_FILE) return;
      seen = true;
      entry.on('data', (c: Buffer) => chunks.push(c));
    },
  });
  if (!seen) throw new Error(`${MANIFEST_FILE} is missing`);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error(`${MANIFEST_FILE} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${MANIFEST_FILE} is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

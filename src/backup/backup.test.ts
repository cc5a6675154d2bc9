import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { create as createTar, extract as extractTar } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homePaths } from '../config/paths.js';
import type { HomePaths } from '../config/paths.js';
import { openStorage } from '../store/index.js';
import type { Storage } from '../store/index.js';
import { createBackup, listBackups, restoreBackup, verifyBackup } from './index.js';
import type { BackupManifest } from './index.js';

let tmp: string;
let paths: HomePaths;
let storage: Storage;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mcp-backup-'));
  paths = homePaths(path.join(tmp, 'home'));
  await mkdir(path.join(paths.secrets, 'nested'), { recursive: true, mode: 0o700 });
  await writeFile(paths.config, 'version: 1\nservers: {}\n');
  await writeFile(path.join(paths.secrets, 'github-token'), 'ghp_original', { mode: 0o600 });
  await writeFile(path.join(paths.secrets, 'nested', 'db'), 'pw', { mode: 0o600 });
  storage = await openStorage({ paths });
  await storage.kv.set('theme', 'dark');
  await storage.audit.append({ at: 1, actor: 'ann', action: 'server.add', target: 'gh', details: { a: 1 } });
});

afterEach(async () => {
  await storage.close();
  await rm(tmp, { recursive: true, force: true });
});

/** Rewrites one member of an archive in place, optionally updating its manifest entry to match. */
async function tamper(
  id: string,
  member: string,
  edit: (text: string) => string,
  opts: { fixManifest?: boolean } = {},
): Promise<void> {
  const dir = await mkdtemp(path.join(tmp, 'tamper-'));
  const file = path.join(paths.backups, `${id}.tar.gz`);
  await extractTar({ file, cwd: dir });
  const target = path.join(dir, member);
  await writeFile(target, edit(await readFile(target, 'utf8')));
  if (opts.fixManifest) {
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as BackupManifest;
    const content = await readFile(target);
    const files = manifest.files.map((f) =>
      f.path === member
        ? { ...f, size: content.length, sha256: createHash('sha256').update(content).digest('hex') }
        : f,
    );
    await writeFile(manifestFile, JSON.stringify({ ...manifest, files }));
  }
  await createTar({ gzip: true, file, cwd: dir, portable: true }, await readdir(dir));
  await rm(dir, { recursive: true });
}

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('createBackup', () => {
  it('writes a mode-0600 archive whose manifest lists every file', async () => {
    const info = await createBackup({
      paths,
      storage,
      now: new Date('2026-11-24T01:30:00.000Z'),
      platformVersion: '0.1.0',
    });
    expect(info.id).toMatch(/^20261124T013000Z-[0-9a-f]{6}$/);
    expect(info.file).toBe(path.join(paths.backups, `${info.id}.tar.gz`));
    expect(info.reason).toBe('manual');
    expect(info.platformVersion).toBe('0.1.0');
    expect(info.sizeBytes).toBe((await stat(info.file)).size);
    expect(info.files.map((f) => f.path)).toEqual([
      'config.yaml',
      'secrets/github-token',
      'secrets/nested/db',
      'state.json',
    ]);
    expect(await mode(info.file)).toBe(0o600);
    expect(await readdir(paths.backups)).toEqual([`${info.id}.tar.gz`]);
    expect(await verifyBackup(paths, info.id)).toEqual(info);
  });

  it('backs up a home without config or secrets', async () => {
    await rm(paths.config);
    await rm(paths.secrets, { recursive: true });
    const info = await createBackup({ paths, storage });
    expect(info.files.map((f) => f.path)).toEqual(['state.json']);
  });

  it('leaves no archive behind when it fails', async () => {
    const failing = { dump: () => Promise.reject(new Error('disk on fire')) };
    await expect(createBackup({ paths, storage: failing })).rejects.toMatchObject({
      code: 'HOME_UNWRITABLE',
    });
    expect(await readdir(paths.backups)).toEqual([]);
    expect(await listBackups(paths)).toEqual([]);
  });
});

describe('restoreBackup', () => {
  it('brings back config, secrets and storage, and keeps the replaced state as a safety backup', async () => {
    const original = await storage.dump();
    const backup = await createBackup({ paths, storage, now: new Date('2026-01-01T00:00:00Z') });

    await writeFile(paths.config, 'version: 1\nservers: { changed: {} }\n');
    await writeFile(path.join(paths.secrets, 'github-token'), 'ghp_changed');
    await writeFile(path.join(paths.secrets, 'added'), 'new', { mode: 0o600 });
    await rm(path.join(paths.secrets, 'nested'), { recursive: true });
    await storage.kv.set('theme', 'light');
    await storage.audit.append({ at: 2, actor: 'bob', action: 'server.remove', target: 'gh', details: {} });
    const changed = await storage.dump();

    const { restored, safetyBackup } = await restoreBackup({ paths, storage, id: backup.id });
    expect(restored.id).toBe(backup.id);
    expect(safetyBackup.reason).toBe('pre-restore');

    expect(await readFile(paths.config, 'utf8')).toBe('version: 1\nservers: {}\n');
    expect((await readdir(paths.secrets)).sort()).toEqual(['github-token', 'nested']);
    expect(await readFile(path.join(paths.secrets, 'github-token'), 'utf8')).toBe('ghp_original');
    expect(await readFile(path.join(paths.secrets, 'nested', 'db'), 'utf8')).toBe('pw');
    expect(await mode(path.join(paths.secrets, 'github-token'))).toBe(0o600);
    expect(await mode(path.join(paths.secrets, 'nested', 'db'))).toBe(0o600);
    expect((await storage.dump()).tables).toEqual(original.tables);
    expect(await storage.kv.get('theme')).toBe('dark');
    // No work directories are left in the home.
    expect((await readdir(paths.home)).sort()).toEqual([
      'backups',
      'config.yaml',
      'secrets',
      'state.db',
      'state.db-shm',
      'state.db-wal',
    ]);

    // The safety backup really holds the changed state: restoring it brings that back.
    await restoreBackup({ paths, storage, id: safetyBackup.id });
    expect(await readFile(paths.config, 'utf8')).toContain('changed');
    expect((await readdir(paths.secrets)).sort()).toEqual(['added', 'github-token']);
    expect(await readFile(path.join(paths.secrets, 'github-token'), 'utf8')).toBe('ghp_changed');
    expect((await storage.dump()).tables).toEqual(changed.tables);
  });

  it('removes config and secrets that the backup did not have', async () => {
    await rm(paths.config);
    await rm(paths.secrets, { recursive: true });
    const bare = await createBackup({ paths, storage });
    await writeFile(paths.config, 'version: 1\n');
    await mkdir(paths.secrets);
    await writeFile(path.join(paths.secrets, 'x'), 'y');
    await restoreBackup({ paths, storage, id: bare.id });
    await expect(stat(paths.config)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(paths.secrets)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a backup from a newer storage schema before touching anything', async () => {
    const { id } = await createBackup({ paths, storage });
    await tamper(id, 'state.json', (text) => text.replace(/"schemaVersion": \d+/, '"schemaVersion": 999'), {
      fixManifest: true,
    });
    await writeFile(paths.config, 'version: 1\nservers: { now: {} }\n');
    const before = await listBackups(paths);
    await expect(restoreBackup({ paths, storage, id })).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(await readFile(paths.config, 'utf8')).toContain('now');
    expect(await listBackups(paths)).toEqual(before);
  });
});

describe('verification', () => {
  async function snapshot(): Promise<unknown> {
    return {
      config: await readFile(paths.config, 'utf8'),
      secret: await readFile(path.join(paths.secrets, 'github-token'), 'utf8'),
      tables: (await storage.dump()).tables,
      backups: (await listBackups(paths)).map((b) => b.id),
    };
  }

  it('refuses a file changed inside the archive, naming it, and restores nothing', async () => {
    const { id } = await createBackup({ paths, storage });
    // Same length, one byte different: only the checksum can tell.
    await tamper(id, 'secrets/github-token', (t) => t.replace('original', 'origina1'));
    await writeFile(paths.config, 'version: 1\nservers: { current: {} }\n');
    const before = await snapshot();
    const err = await verifyBackup(paths, id).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKUP_CORRUPT', data: { id, file: 'secrets/github-token' } });
    expect((err as Error).message).toContain(id);
    await expect(restoreBackup({ paths, storage, id })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect(await snapshot()).toEqual(before);
    expect((await readdir(paths.home)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a file added to the archive', async () => {
    const { id } = await createBackup({ paths, storage });
    const file = path.join(paths.backups, `${id}.tar.gz`);
    const dir = await mkdtemp(path.join(tmp, 'add-'));
    await extractTar({ file, cwd: dir });
    await writeFile(path.join(dir, 'secrets', 'planted'), 'evil');
    await createTar({ gzip: true, file, cwd: dir, portable: true }, await readdir(dir));
    await expect(verifyBackup(paths, id)).rejects.toMatchObject({ data: { file: 'secrets/planted' } });
  });

  it('refuses a damaged gzip stream, and lists it with an error', async () => {
    const good = await createBackup({ paths, storage, now: new Date('2026-01-01T00:00:00Z') });
    const bad = await createBackup({ paths, storage, now: new Date('2026-01-02T00:00:00Z') });
    const bytes = await readFile(bad.file);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    await writeFile(bad.file, bytes);
    await expect(verifyBackup(paths, bad.id)).rejects.toMatchObject({
      code: 'BACKUP_CORRUPT',
      data: { id: bad.id, file: `${bad.id}.tar.gz` },
    });
    await expect(restoreBackup({ paths, storage, id: bad.id })).rejects.toMatchObject({
      code: 'BACKUP_CORRUPT',
    });

    await writeFile(path.join(paths.backups, '20260103T000000Z-abcdef.tar.gz'), 'not a tarball');
    const list = await listBackups(paths);
    expect(list.map((b) => b.id)).toEqual(['20260103T000000Z-abcdef', bad.id, good.id]);
    expect(list[0]).toMatchObject({ reason: 'unknown', createdAt: '2026-01-03T00:00:00.000Z' });
    expect(list[0]?.error).toBeTruthy();
    expect(list[2]?.error).toBeUndefined();
  });

  it('reports unknown and malformed ids as BackupNotFound', async () => {
    await expect(verifyBackup(paths, '20990101T000000Z-000000')).rejects.toMatchObject({
      code: 'BACKUP_NOT_FOUND',
    });
    await expect(verifyBackup(paths, '../../etc/passwd')).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND' });
    await expect(restoreBackup({ paths, storage, id: 'nope' })).rejects.toMatchObject({
      code: 'BACKUP_NOT_FOUND',
      data: { id: 'nope' },
    });
  });
});

describe('listBackups', () => {
  it('lists newest first and ignores partial and foreign files', async () => {
    expect(await listBackups(paths)).toEqual([]);
    const times = ['2026-03-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'];
    const made = [];
    for (const t of times) made.push(await createBackup({ paths, storage, now: new Date(t), reason: t }));
    await writeFile(path.join(paths.backups, '.20260401T000000Z-aaaaaa.tar.gz.partial'), 'half');
    await writeFile(path.join(paths.backups, 'notes.txt'), 'hi');
    const list = await listBackups(paths);
    expect(list.map((b) => b.reason)).toEqual([times[0], times[2], times[1]]);
    expect(list[0]).toEqual(made[0]);
  });
});

/**
 * Backup ids: a UTC timestamp that sorts as text, plus a random suffix so two backups in the same second
 * never collide, e.g. `20261124T013000Z-ab12cd`.
 * @module
 */
import { randomBytes } from 'node:crypto';

const ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{6}$/;

/**
 * A new id for a backup taken at `at`.
 * @example newBackupId(new Date('2026-11-24T01:30:00Z')) // '20261124T013000Z-3f9a0c'
 */
export function newBackupId(at: Date, suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${suffix}`;
}

/** Whether `id` has the shape of a backup id. Anything else never reaches the file system. */
export function isBackupId(id: string): boolean {
  return ID.test(id);
}

/** The time encoded in an id (to the second), or undefined for a malformed id. */
export function backupIdTime(id: string): Date | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

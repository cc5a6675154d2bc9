/**
 * Backups of a platform home: config, secrets and operational state in one verified `.tar.gz`.
 * @module
 */
export { createBackup } from './create-backup.js';
export type { CreateBackupOptions } from './create-backup.js';
export { listBackups } from './list-backups.js';
export { verifyBackup } from './verify-backup.js';
export { restoreBackup } from './restore-backup.js';
export type { RestoreBackupOptions, RestoreResult } from './restore-backup.js';
export { BACKUP_FORMAT, manifestSchema } from './manifest.js';
export type { BackupFile, BackupInfo, BackupManifest } from './manifest.js';
export { isBackupId } from './backup-id.js';

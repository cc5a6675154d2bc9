/**
 * The work behind `mcp backup create|list|restore`.
 * @module
 */
import type { CliContext } from './context.js';
import { withStorage } from './storage.js';

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** `mcp backup create`. */
export async function backupCreate(ctx: CliContext): Promise<void> {
  const { createBackup } = await import('../backup/index.js');
  const info = await withStorage(ctx, (storage) =>
    createBackup({ paths: ctx.paths, storage, reason: 'manual' }),
  );
  ctx.out.result(info, () =>
    ctx.out.success(`backup ${info.id} written to ${info.file} (${size(info.sizeBytes)})`),
  );
}

/** `mcp backup list`. */
export async function backupList(ctx: CliContext): Promise<void> {
  const { listBackups } = await import('../backup/index.js');
  const list = await listBackups(ctx.paths);
  ctx.out.result(list, () =>
    ctx.out.table(
      list.map((b) => ({
        id: b.id,
        created: b.createdAt,
        reason: b.reason,
        size: size(b.sizeBytes),
        status: 'error' in b && b.error ? `unreadable: ${String(b.error)}` : 'ok',
      })),
      [
        { key: 'id', label: 'ID' },
        { key: 'created', label: 'CREATED' },
        { key: 'reason', label: 'REASON' },
        { key: 'size', label: 'SIZE' },
        { key: 'status', label: 'STATUS' },
      ],
    ),
  );
}

/** `mcp backup restore <id>`. */
export async function backupRestore(ctx: CliContext, id: string): Promise<void> {
  const { restoreBackup } = await import('../backup/index.js');
  const store = await ctx.config();
  const { withLock } = await import('../config/lock.js');
  await store.ensureHome();
  const res = await withLock(ctx.paths.home, ctx.paths.configLock, () =>
    withStorage(ctx, (storage) => restoreBackup({ paths: ctx.paths, storage, id })),
  );
  ctx.out.result(res, () => {
    ctx.out.success(`restored backup ${res.restored.id}`);
    ctx.out.line(`the state it replaced is kept as backup ${res.safetyBackup.id}`);
  });
}

/**
 * `mcp backup ...`: archives of config, secrets and a consistent database snapshot.
 * @module
 */
import type { Command } from 'commander';

import { action } from '../context.js';

/** Registers `mcp backup`. */
export function registerBackup(program: Command): void {
  const backup = program
    .command('backup')
    .description('create, list and restore backups of the platform state');

  backup
    .command('create')
    .description('archive config.yaml, secrets and the state database')
    .action(
      action(async (ctx) => {
        const { backupCreate } = await import('../backup.js');
        await backupCreate(ctx);
      }),
    );

  backup
    .command('list')
    .alias('ls')
    .description('list backups, newest first')
    .action(
      action(async (ctx) => {
        const { backupList } = await import('../backup.js');
        await backupList(ctx);
      }),
    );

  backup
    .command('restore <id>')
    .description('verify a backup, then restore it (the replaced state is kept as another backup)')
    .action(
      action(async (ctx, id: string) => {
        const { backupRestore } = await import('../backup.js');
        await backupRestore(ctx, id);
      }),
    );
}

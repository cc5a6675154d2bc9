/**
 * `mcp init`: creates the platform home, config.yaml and the state database.
 * @module
 */
import type { Command } from 'commander';

import { action } from '../context.js';

/** Registers `mcp init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create the platform home, config.yaml and state database (safe to run again)')
    .action(
      action(async (ctx) => {
        const store = await ctx.config();
        const { schemaHint } = await import('../package-root.js');
        const created = await store.init(schemaHint());
        await store.load();
        const { withStorage } = await import('../storage.js');
        const backend = await withStorage(ctx, async (s) => s.backend);
        ctx.out.result({ home: ctx.paths.home, config: ctx.paths.config, created, storage: backend }, () => {
          if (created) ctx.out.success(`created ${ctx.paths.config}`);
          else ctx.out.line(`${ctx.paths.config} already exists; left as it is`);
          ctx.out.line(`home:    ${ctx.paths.home}`);
          ctx.out.line(`storage: ${backend}`);
          ctx.out.line(`next:    mcp server add <name> -- <command> [args...]`);
        });
      }),
    );
}

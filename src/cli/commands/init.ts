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
    .option('--with-examples', 'add the bundled example servers (echo, todo, weather) to the default profile')
    .action(
      action(async (ctx, opts: { withExamples?: boolean }) => {
        const store = await ctx.config();
        const { schemaHint } = await import('../package-root.js');
        const created = await store.init(schemaHint());
        await store.load();
        const { withStorage } = await import('../storage.js');
        const backend = await withStorage(ctx, async (s) => s.backend);
        let examples: string[] = [];
        if (opts.withExamples) {
          const { bundledExamples } = await import('../examples.js');
          const { addServer } = await import('../../config/edit.js');
          const defs = bundledExamples(ctx.paths.home);
          examples = await store.update((raw, current) => {
            const added: string[] = [];
            for (const [name, def] of Object.entries(defs)) {
              if (name in current.servers) continue;
              addServer(raw, name, def, current.profiles.default ? 'default' : current.activeProfile);
              added.push(name);
            }
            return added;
          });
        }
        ctx.out.result(
          { home: ctx.paths.home, config: ctx.paths.config, created, storage: backend, examples },
          () => {
            if (created) ctx.out.success(`created ${ctx.paths.config}`);
            else ctx.out.line(`${ctx.paths.config} already exists; left as it is`);
            if (examples.length) ctx.out.success(`added example servers: ${examples.join(', ')}`);
            ctx.out.line(`home:    ${ctx.paths.home}`);
            ctx.out.line(`storage: ${backend}`);
            ctx.out.line(`next:    mcp server add <name> -- <command> [args...], then mcp up`);
          },
        );
      }),
    );
}

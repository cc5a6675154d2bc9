/**
 * `mcp config ...`: read and edit config.yaml.
 * @module
 */
import type { Command } from 'commander';

import { action } from '../context.js';

/** Registers `mcp config`. */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('show, validate and edit config.yaml (desired state)');

  config
    .command('path')
    .description('print the config file path')
    .action(
      action(async (ctx) => {
        ctx.out.result({ path: ctx.paths.config, home: ctx.paths.home }, () =>
          ctx.out.line(ctx.paths.config),
        );
      }),
    );

  config
    .command('show')
    .description('print the config (with --resolved: every default filled in)')
    .option('--resolved', 'show the effective config with defaults')
    .action(
      action(async (ctx, opts: { resolved?: boolean }) => {
        const loaded = await (await ctx.config()).load();
        const { stringify } = await import('../../config/yaml.js');
        const data = opts.resolved || ctx.out.json ? loaded.config : loaded.raw;
        ctx.out.result(data, () => process.stdout.write(stringify(data)));
      }),
    );

  config
    .command('get <key>')
    .description('print one value, e.g. gateway.port')
    .action(
      action(async (ctx, key: string) => {
        const loaded = await (await ctx.config()).load();
        const { getKey } = await import('../../config/edit.js');
        const value = getKey(loaded.config, key);
        const { stringify } = await import('../../config/yaml.js');
        ctx.out.result(value, () =>
          process.stdout.write(
            typeof value === 'object' && value !== null ? stringify(value) : `${String(value)}\n`,
          ),
        );
      }),
    );

  config
    .command('set <key> <value>')
    .description('set one value; the value is read as YAML (8091 is a number, true a boolean)')
    .option('--string', 'store the value as a string as given')
    .action(
      action(async (ctx, key: string, value: string, opts: { string?: boolean }) => {
        const { parse } = await import('../../config/yaml.js');
        const { setKey } = await import('../../config/edit.js');
        let parsed: unknown = value;
        if (!opts.string) {
          try {
            parsed = parse(value);
          } catch {
            parsed = value;
          }
        }
        await (await ctx.config()).update((raw) => setKey(raw, key, parsed));
        ctx.out.result({ key, value: parsed }, () => ctx.out.success(`${key} = ${JSON.stringify(parsed)}`));
      }),
    );

  config
    .command('unset <key>')
    .description('remove a value so its default applies again')
    .action(
      action(async (ctx, key: string) => {
        const { unsetKey } = await import('../../config/edit.js');
        await (await ctx.config()).update((raw) => unsetKey(raw, key));
        ctx.out.result({ key, unset: true }, () => ctx.out.success(`${key} unset`));
      }),
    );

  config
    .command('validate')
    .description('check config.yaml against the schema (exit code 1 when invalid)')
    .action(
      action(async (ctx) => {
        const loaded = await (await ctx.config()).load();
        const servers = Object.keys(loaded.config.servers).length;
        ctx.out.result(
          { valid: true, file: ctx.paths.config, exists: loaded.exists, migrations: loaded.migrated },
          () => {
            if (!loaded.exists)
              ctx.out.line(`${ctx.paths.config} does not exist yet (defaults apply; run mcp init)`);
            else
              ctx.out.success(`${ctx.paths.config} is valid (${servers} server${servers === 1 ? '' : 's'})`);
            for (const m of loaded.migrated) ctx.out.line(`  will migrate on next write: ${m}`);
          },
        );
      }),
    );

  config
    .command('edit')
    .description('open config.yaml in $EDITOR; saved only if it validates')
    .action(
      action(async (ctx) => {
        const { editConfig } = await import('../edit-config.js');
        await editConfig(ctx);
      }),
    );

  config
    .command('import <file>')
    .description(
      'import servers from a client config ({"mcpServers": {...}}, e.g. claude_desktop_config.json)',
    )
    .option('--profile <name>', 'profile to add the servers to (default: the active profile)')
    .option('--dry-run', 'show what would change without writing')
    .action(
      action(async (ctx, file: string, opts: { profile?: string; dryRun?: boolean }) => {
        const { importFile } = await import('../import-config.js');
        await importFile(ctx, file, opts);
      }),
    );

  config
    .command('schema')
    .description('print the JSON Schema of config.yaml')
    .action(
      action(async () => {
        const { configJsonSchema } = await import('../../config/schema.js');
        process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
      }),
    );

  config
    .command('generate <client>')
    .description("print a client's gateway entry (nothing is written; see `mcp client connect`)")
    .option('--key <key>', 'the API key to put in it (default: a placeholder)')
    .option('--profile <name>', 'profile `mcp connect` starts (Claude Desktop)')
    .action(
      action(async (ctx, id: string, opts: { key?: string; profile?: string }) => {
        const { clientDeps } = await import('../client-deps.js');
        const { clientSnippet } = await import('../../clients/snippet.js');
        const { clientSpec } = await import('../../clients/registry.js');
        const deps = await clientDeps(ctx);
        const spec = clientSpec(id);
        const target = deps.target(opts.key ?? `<key: mcp key create --name ${id}>`, opts.profile);
        const snippet = clientSnippet(spec, target);
        ctx.out.result(
          { client: id, format: spec.format, snippet, notes: spec.notes?.(target) ?? [] },
          () => {
            ctx.out.line(snippet.trimEnd());
            for (const n of spec.notes?.(target) ?? []) ctx.out.line(ctx.out.paint('gray', n));
          },
        );
      }),
    );
}

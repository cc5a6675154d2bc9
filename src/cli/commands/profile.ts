/**
 * `mcp profile ...`: named sets of servers, one of them active.
 * @module
 */
import type { Command } from 'commander';

import { PlatformError, PlatformErrorCode } from '../../errors.js';
import { action } from '../context.js';

/** Registers `mcp profile`. */
export function registerProfile(program: Command): void {
  const profile = program.command('profile').description('manage profiles (named sets of servers)');

  profile
    .command('create <name> [servers...]')
    .description('create a profile, optionally with servers')
    .option('-d, --description <text>', 'what the profile is for')
    .action(
      action(async (ctx, name: string, servers: string[], opts: { description?: string }) => {
        const { createProfile } = await import('../../config/edit.js');
        await (await ctx.config()).update((raw) => createProfile(raw, name, servers, opts.description));
        ctx.out.result({ name, servers }, () => ctx.out.success(`created profile "${name}"`));
      }),
    );

  profile
    .command('list')
    .alias('ls')
    .description('list profiles')
    .action(
      action(async (ctx) => {
        const { config } = await (await ctx.config()).load();
        const rows = Object.entries(config.profiles).map(([name, p]) => ({
          name,
          active: name === config.activeProfile,
          servers: p.servers,
          description: p.description,
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(
            rows.map((r) => ({ ...r, active: r.active ? '*' : '' })),
            [
              { key: 'active', label: ' ' },
              { key: 'name', label: 'NAME' },
              { key: 'servers', label: 'SERVERS' },
              { key: 'description', label: 'DESCRIPTION' },
            ],
          ),
        );
      }),
    );

  profile
    .command('show [name]')
    .description('show a profile (default: the active one)')
    .action(
      action(async (ctx, name: string | undefined) => {
        const { config } = await (await ctx.config()).load();
        const pname = name ?? config.activeProfile;
        const p = config.profiles[pname];
        if (!p) {
          throw new PlatformError(
            PlatformErrorCode.ProfileNotFound,
            `no profile named "${pname}"`,
            { name: pname },
            {
              hint: 'see `mcp profile list`',
            },
          );
        }
        const data = { name: pname, active: pname === config.activeProfile, ...p };
        const { stringify } = await import('../../config/yaml.js');
        ctx.out.result(data, () => process.stdout.write(stringify(data)));
      }),
    );

  profile
    .command('use <name>')
    .description('make a profile the active one')
    .action(
      action(async (ctx, name: string) => {
        const { useProfile } = await import('../../config/edit.js');
        await (await ctx.config()).update((raw) => useProfile(raw, name));
        ctx.out.result({ activeProfile: name }, () => ctx.out.success(`active profile is now "${name}"`));
        // A running platform keeps the profile it started with (docs/runtime.md, Reconfiguration).
        const { readRunInfo } = await import('../../platform/run-file.js');
        const run = await readRunInfo(ctx.paths).catch(() => undefined);
        if (run?.info && !run.stale && run.info.profile !== name) {
          ctx.out.line(
            `the running platform (pid ${run.info.pid}) keeps running profile "${run.info.profile}"; ` +
              'restart it to switch: mcp down && mcp up',
          );
        }
      }),
    );

  profile
    .command('add <profile> <servers...>')
    .description('add servers to a profile')
    .action(
      action(async (ctx, name: string, servers: string[]) => {
        const { addToProfile } = await import('../../config/edit.js');
        await (await ctx.config()).update((raw) => addToProfile(raw, name, servers));
        ctx.out.result({ profile: name, added: servers }, () =>
          ctx.out.success(`added ${servers.join(', ')} to profile "${name}"`),
        );
      }),
    );

  profile
    .command('remove <profile> <servers...>')
    .description('remove servers from a profile (the servers stay defined)')
    .action(
      action(async (ctx, name: string, servers: string[]) => {
        const { removeFromProfile } = await import('../../config/edit.js');
        await (await ctx.config()).update((raw) => removeFromProfile(raw, name, servers));
        ctx.out.result({ profile: name, removed: servers }, () =>
          ctx.out.success(`removed ${servers.join(', ')} from profile "${name}"`),
        );
      }),
    );

  profile
    .command('delete <name>')
    .description('delete a profile (not the active one)')
    .action(
      action(async (ctx, name: string) => {
        const { deleteProfile } = await import('../../config/edit.js');
        await (await ctx.config()).update((raw) => deleteProfile(raw, name));
        ctx.out.result({ name, deleted: true }, () => ctx.out.success(`deleted profile "${name}"`));
      }),
    );
}

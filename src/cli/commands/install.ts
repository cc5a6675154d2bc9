/**
 * `mcp install <ref>`, `mcp uninstall <name>`: one step from a catalog id, a package or a URL to a running,
 * verified server in the profile (see src/install and docs/install.md).
 * @module
 */
import type { Command } from 'commander';

import { UsageError } from '../../errors.js';
import { action } from '../context.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers `mcp install` and `mcp uninstall`. */
export function registerInstall(program: Command): void {
  program
    .command('install <ref>')
    .description(
      'install a server: catalog id, npm:, pypi:, cargo:, go:, gem:, composer:, oci:/docker:, url:, github:<owner>/<repo>[#ref], or a directory',
    )
    .option('-n, --name <name>', 'server name (default: from the package)')
    .option('-p, --profile <profile>', 'profile to add it to (default: the active one)')
    .option('-e, --env <NAME=value>', 'a variable the server needs (repeatable)', collect)
    .option('-y, --yes', 'do not ask: fail when a required variable is missing')
    .option('--dry-run', 'show what would run and what it needs, change nothing')
    .option('--no-verify', 'do not start the server to list its tools before adding it')
    .option(
      '--runtime <runtime>',
      'native (a process here, default) or docker (a container; needs a Docker engine)',
    )
    .option('--prefer <way>', 'repositories: package, dockerfile or source instead of the detected priority')
    .action(
      action(
        async (
          ctx,
          ref: string,
          opts: {
            name?: string;
            profile?: string;
            env?: string[];
            yes?: boolean;
            dryRun?: boolean;
            verify: boolean;
            runtime?: string;
            prefer?: string;
          },
        ) => {
          if (opts.runtime && opts.runtime !== 'native' && opts.runtime !== 'docker')
            throw new UsageError(`--runtime ${opts.runtime}: use native or docker`);
          if (opts.prefer && !['package', 'dockerfile', 'source'].includes(opts.prefer))
            throw new UsageError(`--prefer ${opts.prefer}: use package, dockerfile or source`);
          const env: Record<string, string> = {};
          for (const pair of opts.env ?? []) {
            const at = pair.indexOf('=');
            if (at <= 0) throw new UsageError(`--env ${pair}: use NAME=value`);
            env[pair.slice(0, at)] = pair.slice(at + 1);
          }
          const { installFromCli } = await import('../install.js');
          const report = await installFromCli(ctx, ref, {
            name: opts.name,
            profile: opts.profile,
            env,
            dryRun: !!opts.dryRun,
            verify: opts.verify,
            interactive: !opts.yes && process.stdin.isTTY === true,
            runtime: opts.runtime as 'native' | 'docker' | undefined,
            prefer: opts.prefer as 'package' | 'dockerfile' | 'source' | undefined,
          });
          ctx.out.progressDone();
          ctx.out.result(report, () => {
            const d = report.plan.detected;
            if (d) {
              ctx.out.line(`detected: ${d.evidence.join(', ') || 'nothing'} -> runs as ${d.way}`);
              if (d.alternatives.length)
                ctx.out.line(
                  ctx.out.paint('gray', `  also possible (--prefer): ${d.alternatives.join(', ')}`),
                );
            }
            for (const w of report.plan.why) ctx.out.line(ctx.out.paint('gray', w));
            if (report.plan.runtime === 'docker') ctx.out.line('runs in a container (docker run -i --rm)');
            for (const m of report.plan.missing) ctx.out.warn(`missing: ${m}`);
            for (const c of report.plan.commands)
              ctx.out.line(`${report.dryRun ? 'would run' : 'ran'}: ${c}`);
            for (const v of report.plan.vars)
              ctx.out.line(
                `  ${v.name}${v.required ? ' (required)' : ''}${v.secret ? ' (secret: stored in the secret store)' : ''}${v.description ? `: ${v.description}` : ''}`,
              );
            if (report.dryRun) return;
            ctx.out.success(
              `installed "${report.name}" from ${report.source}${report.tools.length ? ` — ${report.tools.length} tools: ${report.tools.slice(0, 8).join(', ')}${report.tools.length > 8 ? ', ...' : ''}` : ''}`,
            );
          });
        },
      ),
    );

  program
    .command('outdated')
    .description('installed servers with a newer version in their registry (or why it cannot be checked)')
    .action(
      action(async (ctx) => {
        const { outdatedFromCli } = await import('../install.js');
        const rows = await outdatedFromCli(ctx);
        ctx.out.result(rows, () =>
          ctx.out.table(
            rows.map((r) => ({
              ...r,
              current: r.current ?? '?',
              latest: r.latest ?? '?',
              note: r.major ? 'major version jump' : r.outdated ? 'update available' : (r.note ?? ''),
            })),
            [
              { key: 'name', label: 'SERVER' },
              { key: 'current', label: 'CURRENT' },
              { key: 'latest', label: 'LATEST' },
              { key: 'note', label: '' },
            ],
          ),
        );
      }),
    );

  program
    .command('update [name]')
    .description(
      'update installed servers (all outdated ones without a name); the new version is verified before it is switched to',
    )
    .option('--version <version>', 'a version instead of the latest (with a name)')
    .action(
      action(async (ctx, name: string | undefined, opts: { version?: string }) => {
        const { updateFromCli } = await import('../install.js');
        const results = await updateFromCli(ctx, name, opts.version);
        ctx.out.progressDone();
        ctx.out.result(results, () => {
          if (results.length === 0) ctx.out.line('everything is up to date');
          for (const r of results) {
            if (r.major)
              ctx.out.warn(`${r.name}: ${r.from} -> ${r.to} is a major version jump; check its changelog`);
            ctx.out.success(
              `updated "${r.name}" ${r.from ?? '?'} -> ${r.to ?? '?'} (${r.tools.length} tools); restart it to use the new version: mcp server restart ${r.name}`,
            );
            for (const w of r.warnings) ctx.out.warn(w);
          }
        });
      }),
    );

  program
    .command('uninstall <name>')
    .description('remove an installed server: config entry, installed files, its secrets')
    .action(
      action(async (ctx, name: string) => {
        const { uninstallFromCli } = await import('../install.js');
        const result = await uninstallFromCli(ctx, name);
        ctx.out.result(result, () => ctx.out.success(`uninstalled "${name}": ${result.removed.join(', ')}`));
      }),
    );
}

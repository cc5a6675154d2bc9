/**
 * `mcp client list|connect|disconnect|status|import|restore`: point AI clients at the gateway by editing
 * their own config files safely (see src/clients and docs/clients.md).
 * @module
 */
import path from 'node:path';

import type { Command } from 'commander';

import { UsageError } from '../../errors.js';
import { action } from '../context.js';

const SCOPES = ['user', 'project'];

function scopeOf(value: string | undefined): 'user' | 'project' | undefined {
  if (value === undefined) return undefined;
  if (!SCOPES.includes(value)) throw new UsageError(`--scope must be user or project, not "${value}"`);
  return value as 'user' | 'project';
}

/** The scope options of a command: `--scope`, and `--project` (which implies project scope). */
function placeOf(opts: { scope?: string; project?: string }): {
  scope: 'user' | 'project' | undefined;
  project: string | undefined;
} {
  const scope = scopeOf(opts.scope);
  if (opts.project && scope === 'user') throw new UsageError('--project goes with --scope project');
  return {
    scope: opts.project ? 'project' : scope,
    project: opts.project ? path.resolve(opts.project) : undefined,
  };
}

/** How a row names its scope: `user`, or `project` with the project directory. */
function scopeLabel(r: { scope: string; project?: string | undefined }): string {
  return r.scope === 'project' && r.project ? `project (${r.project})` : r.scope;
}

const PROJECT_HELP = 'project directory for project scope (default: the current directory)';

/** Registers `mcp client`. */
export function registerClient(program: Command): void {
  const client = program
    .command('client')
    .description('connect AI clients (Claude, Cursor, VS Code, ...) to the gateway');

  client
    .command('list')
    .description(
      'known clients: installed or not, config file, connected or not (one row per connected scope)',
    )
    .action(
      action(async (ctx) => {
        const { clientDeps } = await import('../client-deps.js');
        const { clientStatuses } = await import('../../clients/manager.js');
        const rows = (await clientStatuses(await clientDeps(ctx))).map((s) => ({
          client: s.client,
          label: s.label,
          scope: s.scope,
          project: s.project ?? null,
          installed: s.installed,
          connected: s.status === 'connected' || s.status === 'modified',
          status: s.status,
          file: s.file ?? null,
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'client', label: 'CLIENT' },
            { key: 'scope', label: 'SCOPE' },
            { key: 'installed', label: 'INSTALLED' },
            { key: 'status', label: 'STATUS' },
            { key: 'file', label: 'CONFIG FILE' },
          ]),
        );
      }),
    );

  client
    .command('connect <client>')
    .description('write the gateway entry into the client config, with a key of its own')
    .option('--scope <scope>', 'user (the global file, default) or project (the file in this folder)')
    .option('--project <dir>', PROJECT_HELP)
    .option('--profile <name>', 'profile `mcp connect` starts when no platform runs (Claude Desktop)')
    .option('--dry-run', 'show the entry and the file, change nothing')
    .action(
      action(
        async (
          ctx,
          id: string,
          opts: { scope?: string; project?: string; profile?: string; dryRun?: boolean },
        ) => {
          const { clientDeps } = await import('../client-deps.js');
          const { clientSpec } = await import('../../clients/registry.js');
          const { connectClient } = await import('../../clients/manager.js');
          const result = await connectClient(await clientDeps(ctx), clientSpec(id), {
            ...placeOf(opts),
            ...(opts.profile ? { profile: opts.profile } : {}),
            dryRun: !!opts.dryRun,
          });
          ctx.out.result(result, () => {
            if (result.file === undefined) {
              ctx.out.line(JSON.stringify(result.entry, null, 2));
            } else if (result.dryRun) {
              ctx.out.line(`would write entry "mcp-platform" into ${result.file}:`);
              ctx.out.line(JSON.stringify(result.entry, null, 2));
            } else {
              ctx.out.success(
                `connected ${id} at ${scopeLabel(result)} scope: ${result.file} (key "${result.keyName}")`,
              );
              if (result.backup)
                ctx.out.line(ctx.out.paint('gray', `previous file saved as ${result.backup.file}`));
            }
            for (const n of result.notes) ctx.out.line(n);
          });
        },
      ),
    );

  client
    .command('disconnect <client>')
    .description("remove the gateway entry from the client config at one scope and revoke that entry's key")
    .option('--scope <scope>', 'user (the global file, default) or project (the file in this folder)')
    .option('--project <dir>', PROJECT_HELP)
    .action(
      action(async (ctx, id: string, opts: { scope?: string; project?: string }) => {
        const { clientDeps } = await import('../client-deps.js');
        const { clientSpec } = await import('../../clients/registry.js');
        const { disconnectClient } = await import('../../clients/manager.js');
        const result = await disconnectClient(await clientDeps(ctx), clientSpec(id), placeOf(opts));
        ctx.out.result(result, () =>
          ctx.out.success(
            result.removed
              ? `disconnected ${id} at ${scopeLabel(result)} scope: entry removed from ${result.file}`
              : `${id} had no gateway entry in ${result.file}${result.revoked ? ' (its key is revoked)' : ''}`,
          ),
        );
      }),
    );

  client
    .command('status')
    .description('whether each client file is as MCP Platform wrote it (hand edits are detected)')
    .action(
      action(async (ctx) => {
        const { clientDeps } = await import('../client-deps.js');
        const { clientStatuses } = await import('../../clients/manager.js');
        const rows = await clientStatuses(await clientDeps(ctx));
        ctx.out.result(rows, () => {
          ctx.out.table(
            rows.map((r) => ({ ...r, scope: scopeLabel(r), others: r.others.join(', ') })),
            [
              { key: 'client', label: 'CLIENT' },
              { key: 'scope', label: 'SCOPE' },
              { key: 'status', label: 'STATUS' },
              { key: 'others', label: 'OTHER SERVERS' },
              { key: 'backups', label: 'BACKUPS' },
            ],
          );
          for (const r of rows.filter((x) => x.others.length)) {
            ctx.out.line(
              ctx.out.paint(
                'gray',
                `${r.client}: ${r.others.length} server(s) of its own; bring them in with \`mcp client import ${r.client}\``,
              ),
            );
          }
        });
      }),
    );

  client
    .command('import [client]')
    .description(
      'bring the servers a client has configured into MCP Platform (secrets into the secret store)',
    )
    .option('--all', 'every client with a config file')
    .option('--replace', 'then swap them, in the client file, for the single gateway entry')
    .option('--profile <name>', 'profile to add them to (default: the active one)')
    .option('--scope <scope>', "user (default) or project: which of the client's files to read")
    .option('--project <dir>', PROJECT_HELP)
    .action(
      action(
        async (
          ctx,
          id: string | undefined,
          opts: { all?: boolean; replace?: boolean; profile?: string; scope?: string; project?: string },
        ) => {
          if (!id && !opts.all) throw new UsageError('name a client, or pass --all');
          const { importClients } = await import('../client-import.js');
          await importClients(ctx, id ? [id] : undefined, {
            replace: !!opts.replace,
            profile: opts.profile,
            ...placeOf(opts),
          });
        },
      ),
    );

  client
    .command('restore <client>')
    .description('put a backup of the client file back (the current file is backed up first)')
    .option('--backup <id>', 'which backup (default: the latest of the entry at --scope)')
    .option('--scope <scope>', 'user (default) or project: whose latest backup')
    .option('--project <dir>', PROJECT_HELP)
    .action(
      action(async (ctx, id: string, opts: { backup?: string; scope?: string; project?: string }) => {
        const { clientDeps } = await import('../client-deps.js');
        const { clientSpec } = await import('../../clients/registry.js');
        const { restoreClient } = await import('../../clients/manager.js');
        const result = await restoreClient(await clientDeps(ctx), clientSpec(id), opts.backup, placeOf(opts));
        ctx.out.result(result, () => {
          ctx.out.success(`restored ${result.file} from backup ${result.restored.id}`);
          for (const w of result.warnings) ctx.out.warn(w);
        });
      }),
    );
}

/**
 * `mcp key create|list|revoke`: API keys for clients of the gateway.
 * @module
 */
import type { Command } from 'commander';

import { action } from '../context.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers `mcp key`. */
export function registerKey(program: Command): void {
  const key = program.command('key').description('API keys for gateway clients (stored only as hashes)');

  key
    .command('create')
    .description('create a key and print it once')
    .requiredOption('-n, --name <name>', 'who or what uses it, e.g. cursor')
    .option('-s, --scope <scope>', 'mcp (default), read or admin (repeatable)', collect)
    .option(
      '-t, --tools <glob>',
      'limit the key to these exposed tools, e.g. github__* (repeatable)',
      collect,
    )
    .action(
      action(async (ctx, opts: { name: string; scope?: string[]; tools?: string[] }) => {
        const { withStorage } = await import('../storage.js');
        const { createApiKey } = await import('../../auth/api-keys.js');
        const { setKeyTools } = await import('../../auth/key-tools.js');
        const tools = opts.tools ?? [];
        const { key: secret, record } = await withStorage(ctx, async (s) => {
          const created = await createApiKey(s.apiKeys, { name: opts.name, scopes: opts.scope });
          await setKeyTools(s.kv, created.record.id, tools);
          return created;
        });
        ctx.out.result(
          { key: secret, id: record.id, name: record.name, scopes: record.scopes, tools },
          () => {
            ctx.out.success(
              `created key "${record.name}" (id ${record.id}, scopes ${record.scopes.join(',')})`,
            );
            ctx.out.line(secret);
            ctx.out.line(ctx.out.paint('gray', 'store it now: it is not shown again'));
          },
        );
      }),
    );

  key
    .command('list')
    .alias('ls')
    .description('list keys (never their values)')
    .action(
      action(async (ctx) => {
        const { withStorage } = await import('../storage.js');
        const keys = await withStorage(ctx, (s) => s.apiKeys.list());
        const rows = keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: `${k.prefix}…`,
          scopes: k.scopes,
          createdAt: new Date(k.createdAt).toISOString(),
          lastUsedAt: k.lastUsedAt === null ? null : new Date(k.lastUsedAt).toISOString(),
          revoked: k.revokedAt !== null,
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'id', label: 'ID' },
            { key: 'name', label: 'NAME' },
            { key: 'prefix', label: 'KEY' },
            { key: 'scopes', label: 'SCOPES' },
            { key: 'createdAt', label: 'CREATED' },
            { key: 'lastUsedAt', label: 'LAST USED' },
            { key: 'revoked', label: 'REVOKED' },
          ]),
        );
      }),
    );

  key
    .command('tools <idOrName> [globs...]')
    .description('show or set the tools a key may see and call (globs over exposed names; --clear for all)')
    .option('--clear', 'remove the limit: the key sees every tool of the profile')
    .action(
      action(async (ctx, idOrName: string, globs: string[], opts: { clear?: boolean }) => {
        const { withStorage } = await import('../storage.js');
        const { findApiKey } = await import('../../auth/api-keys.js');
        const { getKeyTools, setKeyTools } = await import('../../auth/key-tools.js');
        const result = await withStorage(ctx, async (s) => {
          const k = await findApiKey(s.apiKeys, idOrName);
          if (opts.clear || globs.length) await setKeyTools(s.kv, k.id, opts.clear ? [] : globs);
          return { id: k.id, name: k.name, tools: await getKeyTools(s.kv, k.id) };
        });
        ctx.out.result(result, () =>
          ctx.out.line(
            result.tools.length
              ? `key "${result.name}" may use: ${result.tools.join(' ')}`
              : `key "${result.name}" may use every tool of the profile`,
          ),
        );
      }),
    );

  key
    .command('revoke <idOrName>')
    .description('revoke a key by id or name; clients using it are refused from then on')
    .action(
      action(async (ctx, idOrName: string) => {
        const { withStorage } = await import('../storage.js');
        const { revokeApiKey } = await import('../../auth/api-keys.js');
        const k = await withStorage(ctx, (s) => revokeApiKey(s.apiKeys, idOrName));
        ctx.out.result({ id: k.id, name: k.name, revoked: true }, () =>
          ctx.out.success(`revoked key "${k.name}" (${k.id})`),
        );
      }),
    );
}

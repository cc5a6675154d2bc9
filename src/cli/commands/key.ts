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
    .action(
      action(async (ctx, opts: { name: string; scope?: string[] }) => {
        const { withStorage } = await import('../storage.js');
        const { createApiKey } = await import('../../auth/api-keys.js');
        const { key: secret, record } = await withStorage(ctx, (s) =>
          createApiKey(s.apiKeys, { name: opts.name, scopes: opts.scope }),
        );
        ctx.out.result({ key: secret, id: record.id, name: record.name, scopes: record.scopes }, () => {
          ctx.out.success(
            `created key "${record.name}" (id ${record.id}, scopes ${record.scopes.join(',')})`,
          );
          ctx.out.line(secret);
          ctx.out.line(ctx.out.paint('gray', 'store it now: it is not shown again'));
        });
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

/**
 * `mcp catalog list|search|show|categories|sync` and `mcp publish validate`.
 * @module
 */
import type { Command } from 'commander';

import { PlatformError, PlatformErrorCode, UsageError } from '../../errors.js';
import type { CatalogEntry } from '../../catalog/index.js';
import { action, type CliContext } from '../context.js';

async function entries(ctx: CliContext): Promise<CatalogEntry[]> {
  const { loadCatalog } = await import('../../catalog/index.js');
  const { packageRoot } = await import('../package-root.js');
  return loadCatalog(packageRoot(), ctx.paths.cache);
}

function row(e: CatalogEntry): Record<string, unknown> {
  const kinds = [
    ...new Set([
      ...(e.server.packages ?? []).map((p) => p.registryType),
      ...(e.server.remotes?.length ? ['remote'] : []),
    ]),
  ];
  return {
    id: e.id,
    name: e.server.name,
    title: e.server.title ?? '',
    category: e.meta.category,
    sources: kinds.join(','),
    origin: e.origin,
    description: e.server.description,
  };
}

function table(ctx: CliContext, list: CatalogEntry[]): void {
  const rows = list.map(row);
  ctx.out.result(rows, () =>
    ctx.out.table(rows, [
      { key: 'id', label: 'ID' },
      { key: 'category', label: 'CATEGORY' },
      { key: 'sources', label: 'SOURCES' },
      { key: 'description', label: 'DESCRIPTION' },
    ]),
  );
}

/** Registers `mcp catalog` and `mcp publish`. */
export function registerCatalog(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('browse MCP servers: the bundled catalog and the MCP registry');

  catalog
    .command('list')
    .description('every catalog entry')
    .option('-c, --category <category>', 'only this category')
    .option('--featured', 'only featured entries')
    .action(
      action(async (ctx, opts: { category?: string; featured?: boolean }) => {
        const all = await entries(ctx);
        const categories = [...new Set(all.map((e) => e.meta.category).filter(Boolean))].sort();
        if (opts.category && !categories.includes(opts.category)) {
          throw new UsageError(
            `no catalog entry has the category "${opts.category}"`,
            `categories: ${categories.join(', ')}`,
          );
        }
        table(
          ctx,
          all.filter(
            (e) =>
              (!opts.category || e.meta.category === opts.category) && (!opts.featured || e.meta.featured),
          ),
        );
      }),
    );

  catalog
    .command('search <query...>')
    .description('entries matching every word (id, name, title, tags, category, description)')
    .action(
      action(async (ctx, words: string[]) => {
        const { searchCatalog } = await import('../../catalog/index.js');
        table(ctx, searchCatalog(await entries(ctx), words.join(' ')));
      }),
    );

  catalog
    .command('show <id>')
    .description('one entry in full: packages, remotes, variables, how it installs')
    .action(
      action(async (ctx, id: string) => {
        const { findEntry } = await import('../../catalog/index.js');
        const e = findEntry(await entries(ctx), id);
        if (!e) {
          throw new PlatformError(
            PlatformErrorCode.InvalidInput,
            `no catalog entry "${id}"`,
            { id },
            { hint: 'see `mcp catalog search <words>`' },
          );
        }
        ctx.out.result({ id: e.id, origin: e.origin, meta: e.meta, server: e.server }, () => {
          ctx.out.line(`${e.server.title ?? e.id} (${e.server.name} ${e.server.version})`);
          ctx.out.line(e.server.description);
          if (e.meta.note) ctx.out.line(ctx.out.paint('gray', e.meta.note));
          for (const p of e.server.packages ?? []) {
            ctx.out.line(
              `  package: ${p.registryType} ${p.identifier}${p.version ? `@${p.version}` : ''} (${p.transport.type})`,
            );
            for (const v of p.environmentVariables ?? []) {
              ctx.out.line(
                `    ${v.name}${v.isRequired ? ' (required)' : ''}${v.isSecret ? ' (secret)' : ''}: ${v.description ?? ''}`,
              );
            }
          }
          for (const r of e.server.remotes ?? []) ctx.out.line(`  remote: ${r.type} ${r.url}`);
        });
      }),
    );

  catalog
    .command('categories')
    .description('categories with their number of entries')
    .action(
      action(async (ctx) => {
        const { categories } = await import('../../catalog/index.js');
        const rows = categories(await entries(ctx));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'category', label: 'CATEGORY' },
            { key: 'count', label: 'ENTRIES' },
          ]),
        );
      }),
    );

  catalog
    .command('sync')
    .description('pull the MCP registry into the local cache (search then works offline)')
    .option('--registry <url>', 'registry base URL (default: catalog.registryUrl)')
    .option('--full', 'fetch everything, not only what changed since the last sync')
    .action(
      action(async (ctx, opts: { registry?: string; full?: boolean }) => {
        const { syncCatalog } = await import('../../catalog/index.js');
        const { config } = await (await ctx.config()).load();
        const result = await syncCatalog({
          cacheDir: ctx.paths.cache,
          baseUrl: opts.registry ?? config.catalog.registryUrl,
          policy: config.security,
          full: !!opts.full,
          onPage: (page, total) => ctx.out.progress(`syncing: page ${page}, ${total} servers`),
        });
        ctx.out.result(result, () => {
          ctx.out.success(
            `synced ${result.fetched} servers from ${result.baseUrl}${result.incremental ? ' (changes since the last sync)' : ''}; ${result.total} in the cache`,
          );
          for (const i of result.invalid) ctx.out.warn(`skipped invalid entry ${i}`);
        });
      }),
    );

  program
    .command('publish')
    .description('prepare a server for the MCP registry')
    .command('validate <file>')
    .description('check a server.json against the official format and the rules for a good entry')
    .action(
      action(async (ctx, file: string) => {
        const { readFile } = await import('node:fs/promises');
        const { validateServerJson } = await import('../../catalog/publish-rules.js');
        let doc: unknown;
        try {
          doc = JSON.parse(await readFile(file, 'utf8'));
        } catch (err) {
          throw new PlatformError(
            PlatformErrorCode.InvalidInput,
            `cannot read ${file}: ${(err as Error).message}`,
            { file },
          );
        }
        const findings = validateServerJson(doc);
        const errors = findings.filter((f) => f.level === 'error');
        ctx.out.result({ file, valid: errors.length === 0, findings }, () => {
          for (const f of findings)
            (f.level === 'error' ? ctx.out.error : ctx.out.warn).call(ctx.out, `${f.path}: ${f.message}`);
          if (errors.length === 0) ctx.out.success(`${file} is a valid server.json`);
        });
        if (errors.length) process.exitCode = 1;
      }),
    );
}

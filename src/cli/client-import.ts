/**
 * `mcp client import`: servers configured in AI clients become MCP Platform servers; credentials go to the
 * secret store; `--replace` then leaves the gateway as the client's only entry for them.
 * @module
 */
import fs from 'node:fs/promises';

import type { ScopeOptions } from '../clients/deps.js';

import type { CliContext } from './context.js';

/**
 * Imports from the given clients (all with a config file when `ids` is undefined), from their user file or,
 * with `scope: 'project'`, from their file in `project` (default: the current directory).
 */
export async function importClients(
  ctx: CliContext,
  ids: string[] | undefined,
  opts: ScopeOptions & { replace: boolean; profile?: string | undefined },
): Promise<void> {
  const { clientDeps } = await import('./client-deps.js');
  const { allClients, clientSpec } = await import('../clients/registry.js');
  const { connectClient } = await import('../clients/manager.js');
  const { entryPlace } = await import('../clients/deps.js');
  const { planClientImport } = await import('../clients/importer.js');
  const { addServer } = await import('../config/edit.js');
  const { SecretStore } = await import('../config/secrets.js');
  const deps = await clientDeps(ctx);
  const store = await ctx.config();
  const secrets = new SecretStore(ctx.paths.secrets);
  const scoped = opts.scope === 'project';
  // With --all at project scope: the clients that have a project file at all.
  const specs = ids
    ? ids.map(clientSpec)
    : allClients().filter((s) => s.format !== 'none' && (!scoped || s.scopes.includes('project')));
  const report: Array<Record<string, unknown>> = [];
  for (const spec of specs) {
    const place = entryPlace(spec, deps.env, opts);
    const { file } = place;
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) {
      if (ids) report.push({ client: spec.id, file, imported: [], note: 'no config file' });
      continue;
    }
    const { config } = await store.load();
    const plan = planClientImport(spec, text, file, config.servers);
    const profile = opts.profile ?? config.activeProfile;
    for (const [name, value] of Object.entries(plan.secrets)) await secrets.set(name, value);
    if (Object.keys(plan.servers).length) {
      await store.update((raw) => {
        for (const [name, def] of Object.entries(plan.servers)) addServer(raw, name, def, profile);
      });
    }
    let replaced = false;
    if (opts.replace && plan.covered.length) {
      await connectClient(deps, spec, { scope: place.scope, project: place.project, remove: plan.covered });
      replaced = true;
    }
    report.push({
      client: spec.id,
      file,
      scope: place.scope,
      profile,
      imported: Object.keys(plan.servers),
      secrets: Object.keys(plan.secrets),
      changes: plan.changes,
      skipped: plan.skipped,
      replaced: replaced ? plan.covered : [],
    });
  }
  ctx.out.result(report, () => {
    for (const r of report) {
      const imported = r.imported as string[];
      ctx.out.success(
        `${String(r.client)}: imported ${imported.length} server(s)${imported.length ? `: ${imported.join(', ')}` : ''}`,
      );
      for (const c of (r.changes as string[] | undefined) ?? []) ctx.out.line(`  ${c}`);
      for (const s of (r.skipped as string[] | undefined) ?? []) ctx.out.line(`  skipped ${s}`);
      const replaced = (r.replaced as string[] | undefined) ?? [];
      if (replaced.length)
        ctx.out.line(`  replaced ${replaced.join(', ')} in ${String(r.file)} with the gateway entry`);
    }
  });
}

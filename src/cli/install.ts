/**
 * The CLI side of install: builds the flow's dependencies from this home (config store, secret store,
 * direct probe for verification) and resolves references, catalog ids included.
 * @module
 */
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { InstallDeps, InstallReport } from '../install/flow.js';
import type { OutdatedRow } from '../install/outdated.js';
import type { UpdateResult } from '../install/reinstall-update.js';

import type { CliContext } from './context.js';

async function deps(ctx: CliContext, interactive: boolean): Promise<InstallDeps> {
  const { SecretStore } = await import('../config/secrets.js');
  const { addServer, removeServer } = await import('../config/edit.js');
  const { testServer } = await import('../platform/probe.js');
  const { serverSchema } = await import('../config/schema.js');
  const { lookupEnvVar } = await import('../config/env.js');
  const { askOnTty } = await import('../install/flow.js');
  const store = await ctx.config();
  const secrets = new SecretStore(ctx.paths.secrets);
  const { config } = await store.load();
  return {
    packagesDir: path.join(ctx.paths.home, 'packages'),
    hasServer: async (name) => name in (await store.load()).config.servers,
    addServer: (name, def, profile) =>
      store.update((raw, current) => addServer(raw, name, def, profile ?? current.activeProfile)),
    removeServer: (name) => store.update((raw) => removeServer(raw, name)),
    setSecret: (name, value) => secrets.set(name, value),
    removeSecret: (name) => secrets.remove(name),
    verify: async (name, def, values) => {
      // Secrets are not stored yet: resolve the references from the values given to this run.
      const byRef = new Map(
        Object.entries(values).map(([k, v]) => [
          `${name}_${k}`.toUpperCase().replace(/[^A-Z0-9_]+/g, '_'),
          v,
        ]),
      );
      const result = await testServer(
        name,
        serverSchema.parse(def),
        { env: (n) => lookupEnvVar(n), secret: async (n) => byRef.get(n) ?? secrets.get(n) },
        60_000,
        config.security,
      );
      if (!result.ok) {
        throw new PlatformError(
          PlatformErrorCode.InstallFailed,
          `the server did not start and list its tools: ${result.error}`,
          { name },
          {
            hint: 'check the variables it needs (`mcp catalog show`), or install with --no-verify to add it anyway',
          },
        );
      }
      return result.tools;
    },
    progress: (text, event) => ctx.out.progress(text, event),
    ask: interactive
      ? (question) => {
          // A spinner redrawing the line would garble the prompt.
          ctx.out.progressDone();
          return askOnTty(question);
        }
      : undefined,
  };
}

/** Options of `mcp install` beyond the flow's. */
export interface CliInstallOptions {
  name?: string | undefined;
  profile?: string | undefined;
  env: Record<string, string>;
  dryRun: boolean;
  verify: boolean;
  interactive: boolean;
  /** `native` (default) or `docker`. */
  runtime?: 'native' | 'docker' | undefined;
  /** Repositories: force a way (`package`, `dockerfile`, `source`). */
  prefer?: 'package' | 'dockerfile' | 'source' | undefined;
}

/** `mcp install`. */
export async function installFromCli(
  ctx: CliContext,
  ref: string,
  opts: CliInstallOptions,
): Promise<InstallReport> {
  const { planRef } = await import('../install/sources/index.js');
  const { onPath } = await import('../install/toolchain.js');
  const { runInstall } = await import('../install/flow.js');
  const { findCatalogEntry } = await import('../catalog/index.js');
  const { templateText } = await import('../catalog/docker.js');
  const { packageRoot } = await import('./package-root.js');
  const installDeps = await deps(ctx, opts.interactive);
  ctx.out.progress(`resolving ${ref}`);
  const plan = await planRef(ref, {
    has: (c) => onPath(c),
    catalog: (id) => findCatalogEntry(packageRoot(), ctx.paths.cache, id),
    githubBaseUrl: ctx.env.githubUrl,
    prefer: opts.prefer,
    runtime: opts.runtime,
    template: (name) => templateText(packageRoot(), name as Parameters<typeof templateText>[1]),
  });
  return runInstall(installDeps, plan, opts);
}

/** `mcp uninstall`. */
export async function uninstallFromCli(
  ctx: CliContext,
  name: string,
): Promise<{ name: string; removed: string[] }> {
  const { runUninstall } = await import('../install/flow.js');
  return runUninstall(await deps(ctx, false), name);
}

/** `mcp outdated`. */
export async function outdatedFromCli(ctx: CliContext): Promise<OutdatedRow[]> {
  const { outdated } = await import('../install/outdated.js');
  return outdated(path.join(ctx.paths.home, 'packages'));
}

/** `mcp update [name]`: updates one server, or every outdated one. */
export async function updateFromCli(
  ctx: CliContext,
  name: string | undefined,
  version: string | undefined,
): Promise<Array<Omit<UpdateResult, 'server'> & { major: boolean }>> {
  const { outdated, updateInstall } = await import('../install/outdated.js');
  const packagesDir = path.join(ctx.paths.home, 'packages');
  const d = await deps(ctx, false);
  const targets = name ? [name] : (await outdated(packagesDir)).filter((r) => r.outdated).map((r) => r.name);
  const results = [];
  const { onPath } = await import('../install/toolchain.js');
  const store = await ctx.config();
  for (const target of targets) {
    const r = await updateInstall(packagesDir, target, (def) => d.verify(target, def, {}), {
      version: name ? version : undefined,
      progress: d.progress,
      context: { has: (c) => onPath(c) },
      current: ((await store.load()).raw.servers as Record<string, Record<string, unknown>> | undefined)?.[
        target
      ],
      apply: (server) =>
        store.update((raw) => {
          const def = (raw.servers as Record<string, Record<string, unknown>> | undefined)?.[target];
          if (!def) return;
          for (const key of ['command', 'args', 'env', 'cwd'])
            if (server[key] !== undefined) def[key] = server[key];
        }),
    });
    results.push({
      name: r.name,
      from: r.from,
      to: r.to,
      tools: r.tools,
      major: (r.from ?? '').split('.')[0] !== (r.to ?? '').split('.')[0],
      warnings: r.warnings,
    });
  }
  return results;
}

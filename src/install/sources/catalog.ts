/**
 * Catalog entries: planned through the source of their best package (npm, then PyPI, then a crate, then a
 * container image), else their remote.
 * @module
 */
import type { CatalogEntry, ServerPackage } from '../../catalog/index.js';
import { PlatformError, PlatformErrorCode } from '../../errors.js';
import { varsOf, type InstallPlan } from '../plan.js';
import type { SourceKind } from '../ref.js';

import { planCargo } from './cargo.js';
import { dockerRunArgs } from './container.js';
import { planNpm } from './npm.js';
import { planOci } from './oci.js';
import { planPypi } from './pypi.js';
import type { InstallSource, SourceContext } from './types.js';
import { planUrl } from './url.js';

const ORDER: Array<{ registryType: string; kind: SourceKind }> = [
  { registryType: 'npm', kind: 'npm' },
  { registryType: 'pypi', kind: 'pypi' },
  { registryType: 'cargo', kind: 'cargo' },
  { registryType: 'oci', kind: 'oci' },
];

const positional = (p: ServerPackage): string[] =>
  (p.packageArguments ?? []).flatMap((a) => (a.type === 'positional' && a.value ? [a.value] : []));

/** The package a catalog entry installs from, best first. */
export function choosePackage(entry: CatalogEntry): { kind: SourceKind; pkg: ServerPackage } | undefined {
  const pkgs = entry.server.packages ?? [];
  for (const { registryType, kind } of ORDER) {
    const pkg = pkgs.find((p) => p.registryType === registryType);
    if (pkg) return { kind, pkg };
  }
  return undefined;
}

/** The entry's declared variables and arguments applied to a package plan, and the entry named. */
function decorate(entry: CatalogEntry, plan: InstallPlan, pkg?: ServerPackage): InstallPlan {
  let out = plan;
  if (pkg) {
    out = { ...plan, vars: varsOf(pkg) };
    const args = positional(pkg);
    if (out.runtime === 'docker' && out.image)
      out.server = { ...out.server, args: dockerRunArgs(out.image, out.vars, args) };
    else if (out.kind === 'npm') out.server = { ...out.server, args: ['{bin}', ...args] };
    else if (args.length && Array.isArray(out.server.args))
      out.server = { ...out.server, args: [...(out.server.args as string[]), ...args] };
  }
  return {
    ...out,
    name: entry.id,
    source: `catalog:${entry.id} (${out.source})`,
    why: [`catalog entry ${entry.server.name} ${entry.server.version}`, ...out.why],
  };
}

function remotePlan(entry: CatalogEntry): InstallPlan | undefined {
  const remote = entry.server.remotes?.[0];
  if (!remote) return undefined;
  return planUrl(
    remote.url,
    (remote.headers ?? []).map((h) => ({
      name: h.name,
      description: h.description,
      required: h.isRequired === true,
      secret: h.isSecret === true,
    })),
  );
}

function nothingToInstall(entry: CatalogEntry, ctx?: SourceContext): PlatformError {
  const kinds = (entry.server.packages ?? []).map((p) => p.registryType).join(', ') || 'none';
  return new PlatformError(
    PlatformErrorCode.InvalidInput,
    `catalog entry "${entry.id}" has no package this platform can install${ctx?.runtime === 'docker' ? ' in a container' : ''} (packages: ${kinds})`,
    { id: entry.id },
    { hint: 'see docs/install.md for the supported sources' },
  );
}

/** Plans a catalog entry natively without looking at the machine (PyPI with uvx). */
export function planCatalog(entry: CatalogEntry): InstallPlan {
  const chosen = choosePackage(entry);
  if (chosen) {
    const { kind, pkg } = chosen;
    const plan =
      kind === 'npm'
        ? planNpm(pkg.identifier, pkg.version)
        : kind === 'pypi'
          ? planPypi(pkg.identifier, pkg.version)
          : kind === 'cargo'
            ? planCargo(pkg.identifier, pkg.version)
            : planOci(pkg.identifier, pkg.version);
    return decorate(entry, plan, pkg);
  }
  const remote = remotePlan(entry);
  if (remote) return decorate(entry, remote);
  throw nothingToInstall(entry);
}

/** The catalog source: looks the id up, then plans its best package through that package's source. */
export const catalogSource: InstallSource = {
  kind: 'catalog',
  async plan(ref, ctx) {
    const entry = await ctx.catalog?.(ref.target);
    if (!entry) {
      throw new PlatformError(
        PlatformErrorCode.InvalidInput,
        `no catalog entry "${ref.target}"`,
        { ref: ref.target },
        { hint: 'see `mcp catalog search <words>`, or use npm:<package>' },
      );
    }
    const chosen = choosePackage(entry);
    if (chosen) {
      const { sourceFor } = await import('./index.js');
      const { kind, pkg } = chosen;
      const plan = await sourceFor(kind).plan({ kind, target: pkg.identifier, version: pkg.version }, ctx);
      return decorate(entry, plan, pkg);
    }
    const remote = ctx.runtime === 'docker' ? undefined : remotePlan(entry);
    if (remote) return decorate(entry, remote);
    throw nothingToInstall(entry, ctx);
  },
};

/**
 * The source registry: one module per kind of reference, all behind `InstallSource`, and `planRef`, which
 * parses a reference and asks its source for a plan.
 * @module
 */
import { parseRef, type InstallRef, type SourceKind } from '../ref.js';
import type { InstallPlan } from '../plan.js';

import { cargoSource } from './cargo.js';
import { catalogSource } from './catalog.js';
import { composerSource } from './composer.js';
import { gemSource } from './gem.js';
import { githubSource } from './github.js';
import { goSource } from './go.js';
import { localSource } from './local.js';
import { npmSource } from './npm.js';
import { ociSource } from './oci.js';
import { pypiSource } from './pypi.js';
import type { InstallSource, SourceContext } from './types.js';
import { urlSource } from './url.js';

export type { InstallSource, SourceContext, LatestVersion, InstalledRecord, RunFn } from './types.js';

const SOURCES: Record<SourceKind, InstallSource> = {
  catalog: catalogSource,
  npm: npmSource,
  pypi: pypiSource,
  cargo: cargoSource,
  go: goSource,
  gem: gemSource,
  composer: composerSource,
  oci: ociSource,
  url: urlSource,
  github: githubSource,
  local: localSource,
};

/** The source module of a kind. */
export function sourceFor(kind: SourceKind): InstallSource {
  return SOURCES[kind];
}

/** The source of an existing plan or install record (npm when an older one names no kind). */
export function sourceOf(p: {
  kind?: SourceKind | undefined;
  npmPackage?: string | undefined;
}): InstallSource | undefined {
  return p.kind ? SOURCES[p.kind] : p.npmPackage ? npmSource : undefined;
}

/**
 * Parses `ref` and plans it with its source.
 * @example await planRef('cargo:mcp-server-x@0.3.1', { has: onPath }) // cargo install --root {dir} ...
 */
export async function planRef(ref: string | InstallRef, ctx: SourceContext): Promise<InstallPlan> {
  const parsed = typeof ref === 'string' ? parseRef(ref) : ref;
  return sourceFor(parsed.kind).plan(parsed, ctx);
}

/**
 * The one interface every install source implements: resolve a reference into a plan (`plan`), finish the
 * definition once its commands ran (`finish`: paths and versions only the installed files tell), clean up
 * what lives outside the package directory (`uninstall`), and say whether a newer version exists
 * (`latest`). Verification is shared by every source: the flow starts the server and lists its tools.
 * @module
 */
import type { CatalogEntry } from '../../catalog/index.js';
import type { InstallPlan } from '../plan.js';
import type { InstallRef, SourceKind } from '../ref.js';

/** Runs one argv (no shell); rejects with what failed. */
export type RunFn = (argv: string[], opts?: { env?: Record<string, string> }) => Promise<void>;

/** What planning may look at. Everything that touches the machine is injected, so tests can replace it. */
export interface SourceContext {
  /** Whether an executable is on PATH. */
  has(command: string): Promise<boolean>;
  /** Looks up a catalog entry by id or name. */
  catalog?: ((id: string) => Promise<CatalogEntry | undefined>) | undefined;
  /** Where `github:` repositories are cloned from (default `https://github.com`). */
  githubBaseUrl?: string | undefined;
  /** Runs a command while planning (the shallow clone of a repository). */
  run?: RunFn | undefined;
  /** Repositories: force a way instead of the detected priority. */
  prefer?: 'package' | 'dockerfile' | 'source' | undefined;
  /** Where the server runs: here (default) or in a container. */
  runtime?: 'native' | 'docker' | undefined;
  /** Reads a template's text (for `--runtime docker`). */
  template?: ((name: string) => Promise<string>) | undefined;
  /** npm: the bin of a package version, from the registry (for `--runtime docker`). */
  npmBin?: ((spec: string) => Promise<string | undefined>) | undefined;
}

/** What `latest` found. */
export type LatestVersion =
  | { status: 'known'; version: string }
  /** The registry could not be asked, or this kind has no registry to ask. `reason` says which. */
  | { status: 'unknown'; reason: string };

/** The part of an install record a source needs after the install. */
export interface InstalledRecord {
  name: string;
  source: string;
  kind?: SourceKind | undefined;
  version?: string | undefined;
  dir?: string | undefined;
  npmPackage?: string | undefined;
  image?: string | undefined;
  /** The package identifier in its registry (crate, module, gem, PyPI name). */
  package?: string | undefined;
}

/** One kind of source. */
export interface InstallSource {
  readonly kind: SourceKind;
  /** Resolves a reference into a plan; throws a usage error when the reference makes no sense. */
  plan(ref: InstallRef, ctx: SourceContext): Promise<InstallPlan>;
  /** After the commands ran in `dir`: the final definition and the installed version, when they differ. */
  finish?(
    plan: InstallPlan,
    dir: string,
  ): Promise<{ server?: Record<string, unknown>; version?: string | undefined }>;
  /** Removes what the install made outside its package directory (images, caches). Best effort. */
  uninstall?(record: InstalledRecord, run: RunFn): Promise<void>;
  /** The newest published version of an installed server. */
  latest?(record: InstalledRecord): Promise<LatestVersion>;
}

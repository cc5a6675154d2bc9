/**
 * Install plans: what will run (argv arrays, never a shell line), where it installs, the server definition
 * it produces, the toolchain it needs, and why it was chosen. Plans are plain data; each source kind builds
 * its own (`sources/<kind>.ts`), and the planners are re-exported here for callers that build plans directly.
 * @module
 */
import type { ServerPackage } from '../catalog/index.js';

import type { SourceKind } from './ref.js';

/** A variable the server needs. */
export interface NeededVar {
  name: string;
  description?: string | undefined;
  required: boolean;
  secret: boolean;
  default?: string | undefined;
}

/** A program an install needs; checked before anything changes. */
export interface NeededTool {
  /** The executable looked up on PATH. */
  command: string;
  /** True when a running Docker engine is needed too (checked with `docker info`). */
  engine?: boolean | undefined;
  /** What to install when it is missing. */
  hint: string;
}

/** What was found in a repository and how it will run (see `detect.ts`). */
export interface DetectedSummary {
  languages: string[];
  evidence: string[];
  /** `package`, `dockerfile` or `source`. */
  way: string;
  /** The language built from source (`way: source`). */
  language?: string | undefined;
  /** The other ways it could run, best first. */
  alternatives: string[];
}

/** What an install will do. */
export interface InstallPlan {
  /** Suggested server name. */
  name: string;
  /** The source module that made the plan (absent on plans from older callers: npm is inferred). */
  kind?: SourceKind | undefined;
  source: string;
  version?: string | undefined;
  /**
   * Commands run in order (argv arrays). `{dir}` stands for the package directory
   * (`MCP_HOME/packages/<name>`), `{src}` for the repository checkout inside it (`{dir}/src`).
   */
  commands: string[][];
  /** Extra environment of the commands (same placeholders). */
  commandEnv?: Record<string, string> | undefined;
  /** True when files are installed under `MCP_HOME/packages/<name>`. */
  installsFiles: boolean;
  /** A directory prepared while planning (a clone), moved to `{src}` when the install starts. */
  staged?: string | undefined;
  /** Files written into `{dir}` before the commands run (relative path -> content). */
  files?: Record<string, string> | undefined;
  /** The definition, once installed (placeholders as above; `{bin}`: the npm package's bin). */
  server: Record<string, unknown>;
  /** npm: the package whose bin runs the server. */
  npmPackage?: string | undefined;
  /** The package's identifier in its registry (crate, module, gem, PyPI or Composer name, image). */
  package?: string | undefined;
  /** A container image this install builds or pulls (removed again by uninstall when built). */
  image?: string | undefined;
  /** `native` (a process on this machine) or `docker` (a container). */
  runtime?: 'native' | 'docker' | undefined;
  /** Programs the install needs; checked before anything changes. */
  requires?: NeededTool[] | undefined;
  /** Repositories: what was detected. */
  detected?: DetectedSummary | undefined;
  vars: NeededVar[];
  /** Why this way (language detection, chosen package). */
  why: string[];
}

/** A server name from a package name: `@scope/mcp-server-x` -> `x`. */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/^@[^/]+\//, '')
    .replace(/^.*\//, '')
    .replace(/^(mcp-server-|server-)/, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32) || 'server';

/** The variables a catalog package declares. */
export function varsOf(p: ServerPackage | undefined): NeededVar[] {
  return (p?.environmentVariables ?? []).map((v) => ({
    name: v.name,
    description: v.description,
    required: v.isRequired === true,
    secret: v.isSecret === true,
    default: v.default,
  }));
}

export { planNpm } from './sources/npm.js';
export { planPypi } from './sources/pypi.js';
export { planUrl } from './sources/url.js';
export { planCatalog } from './sources/catalog.js';
export { planLocal } from './sources/local.js';

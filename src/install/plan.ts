/**
 * Install plans: what will run (argv arrays, never a shell line), where it installs, the server definition
 * it produces, and the variables it needs. One planner per source kind; npm, PyPI (uvx), remote URLs,
 * catalog entries and local Node/Python directories are supported; the other ecosystems are planned and
 * refused with the reason until their runners exist.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { CatalogEntry, ServerPackage } from '../catalog/index.js';
import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';

/** A variable the server needs. */
export interface NeededVar {
  name: string;
  description?: string | undefined;
  required: boolean;
  secret: boolean;
  default?: string | undefined;
}

/** What an install will do. */
export interface InstallPlan {
  /** Suggested server name. */
  name: string;
  source: string;
  version?: string | undefined;
  /** Commands run in order (argv arrays), with `{dir}` standing for the package directory. */
  commands: string[][];
  /** True when files are installed under `MCP_HOME/packages/<name>`. */
  installsFiles: boolean;
  /** The definition, once installed (`{dir}` as above). */
  server: Record<string, unknown>;
  /** npm: the package whose bin runs the server. */
  npmPackage?: string | undefined;
  vars: NeededVar[];
  /** Why this way (language detection, chosen package). */
  why: string[];
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/^@[^/]+\//, '')
    .replace(/^(mcp-server-|server-)/, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32) || 'server';

function varsOf(p: ServerPackage | undefined): NeededVar[] {
  return (p?.environmentVariables ?? []).map((v) => ({
    name: v.name,
    description: v.description,
    required: v.isRequired === true,
    secret: v.isSecret === true,
    default: v.default,
  }));
}

/** Plans an npm package: installed into its own prefix, run with this Node.js (no npx at run time). */
export function planNpm(
  pkg: string,
  version: string | undefined,
  vars: NeededVar[] = [],
  args: string[] = [],
): InstallPlan {
  const spec = version ? `${pkg}@${version}` : pkg;
  return {
    name: slug(pkg),
    source: `npm:${spec}`,
    version,
    commands: [['npm', 'install', '--prefix', '{dir}', '--no-audit', '--no-fund', '--omit=dev', spec]],
    installsFiles: true,
    server: { command: process.execPath, args: ['{bin}', ...args] },
    npmPackage: pkg,
    vars,
    why: [`npm package ${spec}, installed under MCP_HOME/packages and run with ${process.execPath}`],
  };
}

/** Plans a PyPI package run by uvx (which installs it into its own cache on first run). */
export function planPypi(pkg: string, version: string | undefined, vars: NeededVar[] = []): InstallPlan {
  const spec = version ? `${pkg}==${version}` : pkg;
  return {
    name: slug(pkg),
    source: `pypi:${spec}`,
    version,
    commands: [['uvx', '--from', spec, pkg, '--help']],
    installsFiles: false,
    server: { command: 'uvx', args: ['--from', spec, pkg] },
    vars,
    why: [`PyPI package ${spec}, run with uvx (needs uv on PATH)`],
  };
}

/** Plans a remote server. */
export function planUrl(url: string, headers: NeededVar[] = []): InstallPlan {
  const host = new URL(url).hostname.replace(/^(www|mcp|api)\./, '');
  return {
    name: slug(host.split('.')[0] ?? 'remote'),
    source: `url:${url}`,
    commands: [],
    installsFiles: false,
    server: {
      url,
      ...(headers.length
        ? { headers: Object.fromEntries(headers.map((h) => [h.name, `{var:${h.name}}`])) }
        : {}),
    },
    vars: headers,
    why: [`remote server at ${url} (transport auto: Streamable HTTP, then SSE)`],
  };
}

/** Plans a catalog entry: its npm package first, then PyPI, then a remote. */
export function planCatalog(entry: CatalogEntry): InstallPlan {
  const pkgs = entry.server.packages ?? [];
  const npm = pkgs.find((p) => p.registryType === 'npm');
  const pypi = pkgs.find((p) => p.registryType === 'pypi');
  const remote = entry.server.remotes?.[0];
  let plan: InstallPlan;
  if (npm) {
    const args = (npm.packageArguments ?? []).flatMap((a) =>
      a.type === 'positional' && a.value ? [a.value] : [],
    );
    plan = planNpm(npm.identifier, npm.version, varsOf(npm), args);
  } else if (pypi) plan = planPypi(pypi.identifier, pypi.version, varsOf(pypi));
  else if (remote)
    plan = planUrl(
      remote.url,
      (remote.headers ?? []).map((h) => ({
        name: h.name,
        description: h.description,
        required: h.isRequired === true,
        secret: h.isSecret === true,
      })),
    );
  else {
    const kinds = pkgs.map((p) => p.registryType).join(', ') || 'none';
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `catalog entry "${entry.id}" has no package this platform can install yet (packages: ${kinds})`,
      { id: entry.id },
      { hint: 'see docs/install.md for the supported sources' },
    );
  }
  return {
    ...plan,
    name: entry.id,
    source: `catalog:${entry.id} (${plan.source})`,
    why: [`catalog entry ${entry.server.name} ${entry.server.version}`, ...plan.why],
  };
}

/** Plans a local directory from its manifests. */
export function planLocal(dir: string): InstallPlan {
  const abs = path.resolve(dir.replace(/^~(?=$|\/)/, os.homedir()));
  if (!existsSync(abs)) throw new UsageError(`no directory ${abs}`);
  const pkgFile = path.join(abs, 'package.json');
  if (existsSync(pkgFile)) {
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
      name?: string;
      bin?: string | Record<string, string>;
      main?: string;
    };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin ? Object.values(pkg.bin)[0] : pkg.main;
    if (!bin) throw new UsageError(`${pkgFile} names no "bin" or "main" to run`);
    return {
      name: slug(pkg.name ?? path.basename(abs)),
      source: `local:${abs}`,
      commands: existsSync(path.join(abs, 'node_modules'))
        ? []
        : [['npm', 'install', '--prefix', abs, '--no-audit', '--no-fund']],
      installsFiles: false,
      server: { command: process.execPath, args: [path.join(abs, bin)], cwd: abs },
      vars: [],
      why: [`Node.js project (package.json), run in place: ${path.join(abs, bin)}`],
    };
  }
  if (existsSync(path.join(abs, 'pyproject.toml'))) {
    return {
      name: slug(path.basename(abs)),
      source: `local:${abs}`,
      commands: [['uv', 'sync', '--directory', abs]],
      installsFiles: false,
      server: { command: 'uv', args: ['run', '--directory', abs, path.basename(abs)] },
      vars: [],
      why: ['Python project (pyproject.toml), run in place with uv'],
    };
  }
  throw new UsageError(
    `cannot tell how to run ${abs}: no package.json or pyproject.toml`,
    'see docs/install.md',
  );
}

/**
 * npm packages: installed into their own prefix under `MCP_HOME/packages/<name>` and run with this
 * Node.js (no npx at run time, so nothing is fetched when the server starts).
 * @module
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { PlatformError, PlatformErrorCode } from '../../errors.js';
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { templatePlan } from './container.js';
import type { InstallSource, LatestVersion } from './types.js';

const run = promisify(execFile);

/** Plans an npm package: installed into its own prefix, run with this Node.js. */
export function planNpm(
  pkg: string,
  version: string | undefined,
  vars: NeededVar[] = [],
  args: string[] = [],
): InstallPlan {
  const spec = version ? `${pkg}@${version}` : pkg;
  return {
    name: slug(pkg),
    kind: 'npm',
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

/** The version of an npm package installed under `dir`. */
export async function installedVersion(dir: string, pkg: string): Promise<string | undefined> {
  return readFile(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8').then(
    (t) => (JSON.parse(t) as { version?: string }).version,
    () => undefined,
  );
}

/** Picks the bin a package's server runs: the one named like the package, else the first, else `main`. */
export function pickBin(pkg: string, manifest: { bin?: unknown; main?: unknown }): string | undefined {
  const base = pkg.split('/').pop()!;
  if (typeof manifest.bin === 'string') return manifest.bin;
  if (manifest.bin && typeof manifest.bin === 'object') {
    const bins = manifest.bin as Record<string, string>;
    return bins[base] ?? Object.values(bins)[0];
  }
  return typeof manifest.main === 'string' ? manifest.main : undefined;
}

/** The file an installed npm package's server runs. */
export async function npmBin(dir: string, pkg: string): Promise<string> {
  const root = path.join(dir, 'node_modules', pkg);
  const bin = pickBin(pkg, JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as object);
  if (!bin) throw new PlatformError(PlatformErrorCode.InstallFailed, `${pkg} has no "bin" to run`, { pkg });
  return path.join(root, bin);
}

/** The registry's latest version of an npm package (undefined when it cannot be asked). */
export async function latestNpmVersion(pkg: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('npm', ['view', pkg, 'version'], { timeout: 60_000 });
    return stdout.trim().split('\n').pop() || undefined;
  } catch {
    return undefined;
  }
}

/** The bin of a published version, from the registry (for `--runtime docker`, before anything is installed). */
export async function registryBin(spec: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('npm', ['view', spec, 'name', 'bin', 'main', '--json'], { timeout: 60_000 });
    const info = JSON.parse(stdout) as { name: string; bin?: unknown; main?: unknown };
    return pickBin(info.name, info)?.replace(/^\.\//, '');
  } catch {
    return undefined;
  }
}

/** The npm source. */
export const npmSource: InstallSource = {
  kind: 'npm',
  async plan(ref, ctx) {
    const base = planNpm(ref.target, ref.version);
    if (ctx.runtime !== 'docker') return base;
    const spec = `${ref.target}@${ref.version ?? 'latest'}`;
    const bin = await (ctx.npmBin ?? registryBin)(spec);
    if (!bin) {
      throw new PlatformError(
        PlatformErrorCode.InstallFailed,
        `cannot tell which file ${spec} runs (npm view found no bin)`,
        { spec },
        { hint: 'check the package name, or install without --runtime docker' },
      );
    }
    return templatePlan({ ...base, version: ref.version ?? 'latest' }, ctx, 'node', {
      PACKAGE: ref.target,
      VERSION: ref.version ?? 'latest',
      BIN: bin,
    });
  },
  async finish(plan, dir) {
    if (!plan.npmPackage || plan.runtime === 'docker') return {};
    const bin = await npmBin(dir, plan.npmPackage);
    const version = await installedVersion(dir, plan.npmPackage);
    return { server: fillBin(plan.server, bin), version };
  },
  async latest(record): Promise<LatestVersion> {
    if (!record.npmPackage) return { status: 'unknown', reason: 'no npm package recorded' };
    const v = await latestNpmVersion(record.npmPackage);
    return v
      ? { status: 'known', version: v }
      : { status: 'unknown', reason: 'the npm registry did not answer' };
  },
};

function fillBin(server: Record<string, unknown>, bin: string): Record<string, unknown> {
  const args = Array.isArray(server.args) ? (server.args as string[]) : [];
  return { ...server, args: args.map((a) => a.replaceAll('{bin}', bin)) };
}

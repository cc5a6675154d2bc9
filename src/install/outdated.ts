/**
 * `mcp outdated` and `mcp update`: installed servers compared with their registry (each source's `latest`;
 * a registry that cannot be asked is reported as such, never skipped), and npm installs updated in place
 * without downtime risk: the new version is installed beside the old one, verified, then swapped in; a
 * failure keeps the old one untouched.
 * @module
 */
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-write.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { installedVersion, npmBin, recordFile, type InstallRecord } from './flow.js';
import { reinstallCommand } from './reinstall-hint.js';
import { REINSTALLED_KINDS, updateByReinstall, type UpdateResult } from './reinstall-update.js';
import { runCommand } from './run-command.js';
import { sourceOf } from './sources/index.js';
import type { LatestVersion, RunFn, SourceContext } from './sources/types.js';

/** One row of `mcp outdated`. */
export interface OutdatedRow {
  name: string;
  source: string;
  current: string | null;
  latest: string | null;
  outdated: boolean;
  /** The first number of the version changes (a major jump, which may break). */
  major: boolean;
  /** Why the latest version is not known (the registry cannot be reached, nothing to compare). */
  note?: string | undefined;
}

/** Every install record under `packagesDir`. */
export async function installRecords(packagesDir: string): Promise<InstallRecord[]> {
  const files = (await readdir(packagesDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));
  const out: InstallRecord[] = [];
  for (const f of files)
    out.push(JSON.parse(await readFile(path.join(packagesDir, f), 'utf8')) as InstallRecord);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export { latestNpmVersion } from './sources/npm.js';

/** The newest version of an install, asked of its source. */
export async function latestOf(record: InstallRecord): Promise<LatestVersion> {
  const source = sourceOf(record);
  if (!source?.latest)
    return {
      status: 'unknown',
      reason: `${record.kind ?? 'this'} installs have no registry to compare with`,
    };
  return source.latest(record);
}

const majorOf = (v: string | null): string => (v ?? '').split('.')[0] ?? '';

/** Compares every installed server with its registry; unknown versions say why. */
export async function outdated(
  packagesDir: string,
  latest: (record: InstallRecord) => Promise<LatestVersion> = latestOf,
): Promise<OutdatedRow[]> {
  const rows: OutdatedRow[] = [];
  for (const r of await installRecords(packagesDir)) {
    const current =
      r.npmPackage && r.dir
        ? ((await installedVersion(r.dir, r.npmPackage)) ?? r.version ?? null)
        : (r.version ?? null);
    const found = await latest(r);
    const newest = found.status === 'known' ? found.version : null;
    const isOutdated = !!current && !!newest && current !== newest;
    rows.push({
      name: r.name,
      source: r.source,
      current,
      latest: newest,
      outdated: isOutdated,
      major: isOutdated && majorOf(current) !== majorOf(newest),
      ...(found.status === 'unknown'
        ? { note: found.reason }
        : current
          ? {}
          : { note: 'the installed version is not recorded' }),
    });
  }
  return rows;
}

/**
 * Updates one install to `version` (default: the latest). npm: installs into `<dir>.new`, checks the server
 * starts and lists its tools (`verify`), then swaps directories. cargo, go, gem, composer and PyPI: see
 * {@link updateByReinstall} (needs `context` to plan). The new definition is `current` (what config.yaml
 * holds now; default the installed one) pointed at the new version; `apply` writes it into config.yaml.
 */
export async function updateInstall(
  packagesDir: string,
  name: string,
  verify: (def: Record<string, unknown>) => Promise<string[]>,
  opts: {
    version?: string | undefined;
    progress?: (t: string) => void;
    context?: SourceContext | undefined;
    current?: Record<string, unknown> | undefined;
    run?: RunFn | undefined;
    apply?: ((server: Record<string, unknown>) => Promise<void>) | undefined;
  } = {},
): Promise<UpdateResult> {
  const file = recordFile(packagesDir, name);
  const record = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as InstallRecord,
    () => undefined,
  );
  if (
    record?.kind &&
    REINSTALLED_KINDS.includes(record.kind) &&
    record.package &&
    record.runtime !== 'docker' &&
    opts.context
  )
    return updateByReinstall(packagesDir, file, record, verify, { ...opts, context: opts.context });
  if (!record?.npmPackage || !record.dir) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `"${name}" is ${record ? `a ${record.kind ?? 'non-npm'} install` : 'not installed'}: only npm, cargo, go, gem, composer and PyPI installs are updated in place`,
      { name, kind: record?.kind },
      {
        hint: record
          ? `reinstall it: ${reinstallCommand(record) ?? `mcp uninstall ${name}, then install it again`}`
          : 'see `mcp outdated`',
      },
    );
  }
  const from = (await installedVersion(record.dir, record.npmPackage)) ?? null;
  const spec = `${record.npmPackage}@${opts.version ?? 'latest'}`;
  const staged = `${record.dir}.new`;
  await rm(staged, { recursive: true, force: true });
  try {
    opts.progress?.(`installing ${spec}`);
    await runCommand(['npm', 'install', '--prefix', staged, '--no-audit', '--no-fund', '--omit=dev', spec]);
    const bin = await npmBin(staged, record.npmPackage);
    const base = opts.current ?? record.server;
    const args = Array.isArray(base.args) ? [...(base.args as string[])] : [];
    const stagedDef = { ...base, args: [bin, ...args.slice(1)] };
    opts.progress?.('starting the new version to list its tools');
    const tools = await verify(stagedDef);
    const to = (await installedVersion(staged, record.npmPackage)) ?? null;
    const old = `${record.dir}.old`;
    await rm(old, { recursive: true, force: true });
    await rename(record.dir, old);
    await rename(staged, record.dir);
    await rm(old, { recursive: true, force: true });
    const server = { ...base, args: [await npmBin(record.dir, record.npmPackage), ...args.slice(1)] };
    await opts.apply?.(server);
    await writeFileAtomic(file, `${JSON.stringify({ ...record, version: to, server }, null, 2)}\n`);
    return { name, from, to, tools, server, warnings: [] };
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The install flow: resolve, show the plan, collect the variables (secret ones to the secret store, never
 * into config.yaml), install, verify by starting the server and listing its tools, then add it to the
 * config and the profile. Any failure rolls back: the package directory, the install record and the
 * secrets this run stored are removed, and config.yaml is only written once everything else worked.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';

import { writeFileAtomic } from '../config/atomic-write.js';
import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';

import type { InstallPlan } from './plan.js';
import { runCommand } from './run-command.js';

/** What the flow needs from the platform (the CLI builds it; tests may too). */
export interface InstallDeps {
  packagesDir: string;
  /** Whether the config already has a server by that name. */
  hasServer(name: string): Promise<boolean>;
  /** Adds the definition to config.yaml and the profile, in one locked write. */
  addServer(name: string, def: Record<string, unknown>, profile: string | undefined): Promise<void>;
  removeServer(name: string): Promise<void>;
  setSecret(name: string, value: string): Promise<void>;
  removeSecret(name: string): Promise<void>;
  /** Starts the server once and lists its tools; rejects with why it could not. */
  verify(name: string, def: Record<string, unknown>, values: Record<string, string>): Promise<string[]>;
  progress(text: string): void;
  /** Asks for a value on a terminal (undefined when there is none). */
  ask?: ((question: string) => Promise<string>) | undefined;
}

/** Options of {@link runInstall}. */
export interface InstallOptions {
  name?: string | undefined;
  profile?: string | undefined;
  env: Record<string, string>;
  dryRun: boolean;
  verify: boolean;
}

/** The record kept next to an installed server, for uninstall, outdated and update. */
export interface InstallRecord {
  name: string;
  source: string;
  version?: string | undefined;
  installedAt: string;
  dir?: string | undefined;
  secrets: string[];
  server: Record<string, unknown>;
  /** npm installs: the package whose bin runs the server. */
  npmPackage?: string | undefined;
}

/** The outcome. */
export interface InstallReport {
  name: string;
  source: string;
  plan: { commands: string[]; why: string[]; vars: InstallPlan['vars'] };
  dryRun: boolean;
  tools: string[];
  server?: Record<string, unknown>;
}

export function recordFile(packagesDir: string, name: string): string {
  return path.join(packagesDir, `${name}.json`);
}

/** An interactive question on the terminal. */
export async function askOnTty(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

function fill(value: unknown, dir: string, bin: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{dir}', dir).replaceAll('{bin}', bin);
  if (Array.isArray(value)) return value.map((v) => fill(v, dir, bin));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, dir, bin)]));
  return value;
}

/** The version of an npm package installed under `dir`. */
export async function installedVersion(dir: string, pkg: string): Promise<string | undefined> {
  return readFile(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8').then(
    (t) => (JSON.parse(t) as { version?: string }).version,
    () => undefined,
  );
}

/** The file an installed npm package's server runs. */
export async function npmBin(dir: string, pkg: string): Promise<string> {
  const root = path.join(dir, 'node_modules', pkg);
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
    main?: string;
  };
  const base = pkg.split('/').pop()!;
  const bin =
    typeof manifest.bin === 'string'
      ? manifest.bin
      : manifest.bin
        ? (manifest.bin[base] ?? Object.values(manifest.bin)[0])
        : manifest.main;
  if (!bin) throw new PlatformError(PlatformErrorCode.InstallFailed, `${pkg} has no "bin" to run`, { pkg });
  return path.join(root, bin);
}

/** Runs an install plan. */
export async function runInstall(
  deps: InstallDeps,
  plan: InstallPlan,
  opts: InstallOptions,
): Promise<InstallReport> {
  const name = opts.name ?? plan.name;
  const report: InstallReport = {
    name,
    source: plan.source,
    plan: {
      commands: plan.commands.map((c) =>
        c.join(' ').replaceAll('{dir}', path.join(deps.packagesDir, opts.name ?? plan.name)),
      ),
      why: plan.why,
      vars: plan.vars,
    },
    dryRun: opts.dryRun,
    tools: [],
  };
  if (await deps.hasServer(name)) {
    throw new PlatformError(
      PlatformErrorCode.ServerExists,
      `a server named "${name}" already exists`,
      { name },
      { hint: 'choose another with --name, or `mcp uninstall` it first' },
    );
  }
  // Variables: given, defaulted, asked on a terminal; a missing required one stops before any change.
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const v of plan.vars) {
    let value = opts.env[v.name] ?? v.default;
    if (value === undefined && v.required && deps.ask && !opts.dryRun) {
      value =
        (await deps.ask(`${v.name}${v.description ? ` (${v.description})` : ''}: `)).trim() || undefined;
    }
    if (value !== undefined) values[v.name] = value;
    else if (v.required) missing.push(v.name);
  }
  if (missing.length && !opts.dryRun) {
    throw new UsageError(
      `missing required variables: ${missing.join(', ')}`,
      `pass them with ${missing.map((m) => `--env ${m}=...`).join(' ')}`,
    );
  }
  if (opts.dryRun) return report;

  const dir = path.join(deps.packagesDir, name);
  const hadPackagesDir = existsSync(deps.packagesDir);
  const storedSecrets: string[] = [];
  try {
    if (plan.installsFiles) {
      if (existsSync(dir))
        throw new PlatformError(
          PlatformErrorCode.InstallFailed,
          `${dir} already exists`,
          { dir },
          { hint: `remove it, or install under another --name` },
        );
      await mkdir(dir, { recursive: true });
    }
    for (const argv of plan.commands) {
      const started = Date.now();
      const timer = setInterval(
        () => deps.progress(`running ${argv[0]} (${Math.round((Date.now() - started) / 1000)} s)`),
        1000,
      );
      deps.progress(`running ${argv.join(' ').replaceAll('{dir}', dir)}`);
      try {
        await runCommand(argv.map((a) => a.replaceAll('{dir}', dir)));
      } finally {
        clearInterval(timer);
      }
    }
    const bin = plan.npmPackage ? await npmBin(dir, plan.npmPackage) : '';
    const base = fill(plan.server, dir, bin) as Record<string, unknown>;
    const env: Record<string, string> = {};
    const headers: Record<string, string> = {};
    const isRemote = typeof base.url === 'string';
    for (const v of plan.vars) {
      const value = values[v.name];
      if (value === undefined) continue;
      let stored = value;
      if (v.secret) {
        const secret = `${name}_${v.name}`.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
        stored = `\${secret:${secret}}`;
        await deps.setSecret(secret, value);
        storedSecrets.push(secret);
      }
      (isRemote ? headers : env)[v.name] = stored;
    }
    const def = {
      ...base,
      ...(Object.keys(env).length ? { env } : {}),
      ...(isRemote && Object.keys(headers).length ? { headers } : {}),
    };
    if (opts.verify) {
      deps.progress(`starting ${name} to list its tools`);
      report.tools = await deps.verify(name, def, values);
    }
    await deps.addServer(name, def, opts.profile);
    const record: InstallRecord = {
      name,
      source: plan.source,
      version: plan.npmPackage ? await installedVersion(dir, plan.npmPackage) : plan.version,
      installedAt: new Date().toISOString(),
      dir: plan.installsFiles ? dir : undefined,
      secrets: storedSecrets,
      server: def,
      npmPackage: plan.npmPackage,
    };
    await mkdir(deps.packagesDir, { recursive: true });
    await writeFileAtomic(recordFile(deps.packagesDir, name), `${JSON.stringify(record, null, 2)}\n`).catch(
      () => undefined,
    );
    report.server = def;
    return report;
  } catch (err) {
    if (plan.installsFiles) await rm(dir, { recursive: true, force: true });
    for (const s of storedSecrets) await deps.removeSecret(s).catch(() => undefined);
    await rm(recordFile(deps.packagesDir, name), { force: true });
    // Leave no packages folder behind when this run created it.
    if (!hadPackagesDir) await rmdir(deps.packagesDir).catch(() => undefined);
    throw err;
  }
}

/** Removes an installed server: config entry, package directory, install record and its secrets. */
export async function runUninstall(
  deps: InstallDeps,
  name: string,
): Promise<{ name: string; removed: string[] }> {
  const removed: string[] = [];
  const file = recordFile(deps.packagesDir, name);
  const record = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as InstallRecord,
    () => undefined,
  );
  if (await deps.hasServer(name)) {
    await deps.removeServer(name);
    removed.push('config entry');
  }
  if (record?.dir) {
    await rm(record.dir, { recursive: true, force: true });
    removed.push(record.dir);
  }
  for (const s of record?.secrets ?? []) {
    await deps.removeSecret(s).catch(() => undefined);
    removed.push(`secret ${s}`);
  }
  if (record) {
    await rm(file, { force: true });
    removed.push('install record');
  }
  if (!removed.length)
    throw new PlatformError(PlatformErrorCode.ServerNotFound, `nothing named "${name}" is installed`, {
      name,
    });
  return { name, removed };
}

/**
 * The install flow: resolve, show the plan, check the toolchain, collect the variables (secret ones to the
 * secret store, never into config.yaml), install, verify by starting the server and listing its tools, then
 * add it to the config and the profile. Any failure rolls back: the package directory, the install record,
 * the secrets this run stored and a clone made while planning are removed, and config.yaml is only written
 * once everything else worked. Source-specific steps go through the plan's source (`sources/`).
 * @module
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';

import { writeFileAtomic } from '../config/atomic-write.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { collectVars, withVars } from './flow-vars.js';

import type { DetectedSummary, InstallPlan } from './plan.js';
import { runCommand } from './run-command.js';
import { sourceOf } from './sources/index.js';
import type { RunFn } from './sources/types.js';
import { machineProbe, missingTools, type ToolProbe } from './toolchain.js';

export { installedVersion, npmBin } from './sources/npm.js';
export { runUninstall } from './uninstall.js';

/** One step of an install, for progress displays (the CLI's spinner, the REST API's events). */
export interface InstallProgress {
  phase: 'check' | 'prepare' | 'command' | 'verify' | 'config' | 'rollback';
  /** 1-based step number and the number of steps. */
  step: number;
  total: number;
  text: string;
}

/** What the flow needs from the platform (the CLI builds it; tests and the REST API may too). */
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
  /** Progress text; `event` says which step of how many (optional for older callers). */
  progress(text: string, event?: InstallProgress): void;
  /** Asks for a value on a terminal (undefined when there is none). */
  ask?: ((question: string) => Promise<string>) | undefined;
  /** How programs are looked for (default: PATH and `docker info`). */
  probe?: ToolProbe | undefined;
  /** Runs an install command (default: `runCommand`, no shell). */
  run?: RunFn | undefined;
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
  kind?: InstallPlan['kind'];
  version?: string | undefined;
  installedAt: string;
  dir?: string | undefined;
  secrets: string[];
  server: Record<string, unknown>;
  /** npm installs: the package whose bin runs the server. */
  npmPackage?: string | undefined;
  /** The identifier in its registry (crate, module, gem, PyPI or Composer name, image). */
  package?: string | undefined;
  /** A container image the install built or pulled. */
  image?: string | undefined;
  runtime?: 'native' | 'docker' | undefined;
  /** Repositories: what was detected. */
  detected?: DetectedSummary | undefined;
}

/** The outcome. */
export interface InstallReport {
  name: string;
  source: string;
  plan: {
    commands: string[];
    why: string[];
    vars: InstallPlan['vars'];
    /** `native` or `docker`. */
    runtime: 'native' | 'docker';
    /** Repositories: what was detected and how it runs. */
    detected?: DetectedSummary | undefined;
    /** Programs the install needs (`command`, what to install). */
    requires: Array<{ command: string; hint: string }>;
    /** Of those, what is missing here (a dry run reports it; a real run stops on it). */
    missing: string[];
  };
  dryRun: boolean;
  tools: string[];
  server?: Record<string, unknown>;
}

/** The install record of `name`. */
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

/** `value` with `fn` applied to every string in it (arrays and plain objects are copied). */
export function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** Replaces `{dir}` and `{src}` in every string of a value. */
export function fill(value: unknown, dir: string): unknown {
  return mapStrings(value, (text) =>
    text.replaceAll('{src}', path.join(dir, 'src')).replaceAll('{dir}', dir),
  );
}

/** Moves a clone into place (a rename, or a copy across file systems). */
async function moveInto(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** Removes a clone made while planning, and its temporary parent. */
async function dropStaged(plan: InstallPlan): Promise<void> {
  if (!plan.staged) return;
  await rm(plan.staged, { recursive: true, force: true });
  if (path.basename(path.dirname(plan.staged)).startsWith('mcp-clone-'))
    await rmdir(path.dirname(plan.staged)).catch(() => undefined);
}

/** Runs an install plan. */
export async function runInstall(
  deps: InstallDeps,
  plan: InstallPlan,
  opts: InstallOptions,
): Promise<InstallReport> {
  try {
    return await install(deps, plan, opts);
  } finally {
    await dropStaged(plan);
  }
}

async function install(deps: InstallDeps, plan: InstallPlan, opts: InstallOptions): Promise<InstallReport> {
  const name = opts.name ?? plan.name;
  const dir = path.join(deps.packagesDir, name);
  const requires = plan.requires ?? [];
  const report: InstallReport = {
    name,
    source: plan.source,
    plan: {
      commands: plan.commands.map((c) => (fill(c, dir) as string[]).join(' ')),
      why: plan.why,
      vars: plan.vars,
      runtime: plan.runtime ?? 'native',
      detected: plan.detected,
      requires: requires.map((t) => ({ command: t.command, hint: t.hint })),
      missing: [],
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
  const values = await collectVars(deps, plan, opts);
  const total = plan.commands.length + (opts.verify ? 4 : 3);
  let step = 0;
  const progress = (phase: InstallProgress['phase'], text: string): void =>
    deps.progress(text, { phase, step: ++step, total, text });

  // The toolchain is checked before anything changes: a missing program leaves no trace.
  progress(
    'check',
    requires.length ? `checking for ${requires.map((t) => t.command).join(', ')}` : 'nothing to check',
  );
  report.plan.missing = await missingTools(requires, deps.probe ?? machineProbe);
  if (opts.dryRun) return report;
  if (report.plan.missing.length) {
    throw new PlatformError(
      PlatformErrorCode.ToolMissing,
      `cannot install ${name}: ${report.plan.missing.join('; ')}`,
      { missing: report.plan.missing },
      { hint: 'install what is named above, then run the same command again (nothing was changed)' },
    );
  }

  const hadPackagesDir = existsSync(deps.packagesDir);
  const storedSecrets: string[] = [];
  const run = deps.run ?? runCommand;
  try {
    progress('prepare', plan.installsFiles ? `preparing ${dir}` : 'nothing to prepare');
    if (plan.installsFiles) {
      if (existsSync(dir))
        throw new PlatformError(
          PlatformErrorCode.InstallFailed,
          `${dir} already exists`,
          { dir },
          { hint: `remove it, or install under another --name` },
        );
      await mkdir(dir, { recursive: true });
      if (plan.staged) await moveInto(plan.staged, path.join(dir, 'src'));
      for (const [file, text] of Object.entries(plan.files ?? {}))
        await writeFile(path.join(dir, file), text);
    }
    const env = plan.commandEnv ? (fill(plan.commandEnv, dir) as Record<string, string>) : undefined;
    for (const argv of plan.commands) {
      const filled = fill(argv, dir) as string[];
      progress('command', `running ${filled.join(' ')}`);
      await run(filled, env ? { env } : undefined);
    }
    const finished = (await sourceOf(plan)?.finish?.(plan, dir)) ?? {};
    const base = fill(finished.server ?? plan.server, dir) as Record<string, unknown>;
    const def = await withVars(deps, name, base, plan, values, storedSecrets);
    if (opts.verify) {
      progress('verify', `starting ${name} to list its tools`);
      report.tools = await deps.verify(name, def, values);
    }
    progress('config', `adding ${name} to the config`);
    await deps.addServer(name, def, opts.profile);
    const record: InstallRecord = {
      name,
      source: plan.source,
      kind: plan.kind ?? (plan.npmPackage ? 'npm' : undefined),
      version: finished.version ?? plan.version,
      installedAt: new Date().toISOString(),
      dir: plan.installsFiles ? dir : undefined,
      secrets: storedSecrets,
      server: def,
      npmPackage: plan.npmPackage,
      package: plan.package,
      image: plan.image,
      runtime: plan.runtime ?? 'native',
      detected: plan.detected,
    };
    await mkdir(deps.packagesDir, { recursive: true });
    await writeFileAtomic(recordFile(deps.packagesDir, name), `${JSON.stringify(record, null, 2)}\n`).catch(
      () => undefined,
    );
    report.server = def;
    return report;
  } catch (err) {
    deps.progress(`rolling back ${name}`, { phase: 'rollback', step, total, text: `rolling back ${name}` });
    if (plan.installsFiles) await rm(dir, { recursive: true, force: true });
    if (plan.image && plan.commands.some((c) => c[0] === 'docker' && c[1] === 'build'))
      await run(['docker', 'image', 'rm', plan.image]).catch(() => undefined);
    for (const s of storedSecrets) await deps.removeSecret(s).catch(() => undefined);
    await rm(recordFile(deps.packagesDir, name), { force: true });
    // Leave no packages folder behind when this run created it.
    if (!hadPackagesDir) await rmdir(deps.packagesDir).catch(() => undefined);
    throw err;
  }
}

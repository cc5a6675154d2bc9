/**
 * `mcp update` for the ecosystems other than npm that install a program (cargo, go, gem, composer, PyPI):
 * the package is planned again at the new version by its own source and installed beside the old one, in a
 * directory of its own (a Python venv cannot be moved, so nothing is renamed); the new program is started
 * and must list its tools; only then does the definition point at it and the old directory go. A failure
 * leaves the old install and the definition untouched. A PyPI server run by `uvx` has no files: its
 * definition takes the new version.
 * @module
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-write.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { fill, mapStrings, type InstallRecord } from './flow.js';
import type { SourceKind } from './ref.js';
import { runCommand } from './run-command.js';
import { sourceFor } from './sources/index.js';
import type { RunFn, SourceContext } from './sources/types.js';
import { mergeArgs } from './update-args.js';

/** The kinds updated by installing the new version beside the old one. */
export const REINSTALLED_KINDS: readonly SourceKind[] = ['cargo', 'go', 'gem', 'composer', 'pypi'];

/** The outcome of one update. */
export interface UpdateResult {
  name: string;
  from: string | null;
  to: string | null;
  tools: string[];
  /** The new definition: the current one with command and args of the new install, paths moved. */
  server: Record<string, unknown>;
  /** What the user should look at (arguments that could not be carried over to the new version). */
  warnings: string[];
}

const stringsOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/**
 * Updates `record` (one of {@link REINSTALLED_KINDS}) to `version`, or to what its registry calls the
 * latest. The new definition is `current` (the one config.yaml holds now; default the installed one) with
 * the new plan's command, paths into the old directory moved to the new one, and the variables the new
 * install sets that it lacks. Its arguments: the ones the old install generated (the record's) replaced
 * with the new plan's, those the user added kept in place (see {@link mergeArgs}); when the user edited the
 * generated ones so that neither works, the user's are kept and a warning says to check them. The record
 * keeps the new plan's arguments, so the next update tells the user's apart again. `verify` starts that definition and lists its tools;
 * `apply` then writes it into config.yaml, and only after that are the record rewritten and the old
 * directory removed.
 */
export async function updateByReinstall(
  packagesDir: string,
  recordPath: string,
  record: InstallRecord,
  verify: (def: Record<string, unknown>) => Promise<string[]>,
  opts: {
    version?: string | undefined;
    context: SourceContext;
    current?: Record<string, unknown> | undefined;
    run?: RunFn | undefined;
    progress?: ((text: string) => void) | undefined;
    /** Writes the new definition into config.yaml (before the old directory goes). */
    apply?: ((server: Record<string, unknown>) => Promise<void>) | undefined;
  },
): Promise<UpdateResult> {
  const kind = record.kind!;
  const source = sourceFor(kind);
  let version = opts.version;
  if (!version) {
    const latest = source.latest ? await source.latest(record) : undefined;
    if (latest?.status !== 'known') {
      throw new PlatformError(
        PlatformErrorCode.InstallFailed,
        `cannot tell the latest version of "${record.name}": ${latest?.reason ?? 'its registry has no version list'}`,
        { name: record.name },
        { hint: `name one: mcp update ${record.name} --version <version>` },
      );
    }
    version = latest.version;
  }
  const plan = await source.plan({ kind, target: record.package ?? '', version }, opts.context);
  const run = opts.run ?? runCommand;
  let dir: string | undefined;
  if (plan.installsFiles) {
    const base = path.join(packagesDir, `${record.name}@${version.replace(/[^\w.+-]+/g, '_')}`);
    dir = base === record.dir ? `${base}-${Date.now().toString(36)}` : base;
    await rm(dir, { recursive: true, force: true });
  }
  try {
    const at = dir ?? packagesDir;
    if (dir) {
      await mkdir(dir, { recursive: true });
      for (const [file, text] of Object.entries(plan.files ?? {}))
        await writeFile(path.join(dir, file), text);
    }
    const env = plan.commandEnv ? (fill(plan.commandEnv, at) as Record<string, string>) : undefined;
    for (const argv of plan.commands) {
      const filled = fill(argv, at) as string[];
      opts.progress?.(`running ${filled.join(' ')}`);
      await run(filled, env ? { env } : undefined);
    }
    const finished = dir ? ((await source.finish?.(plan, dir)) ?? {}) : {};
    const fresh = fill(finished.server ?? plan.server, at) as Record<string, unknown>;
    // What the user set (variables, secret references, cwd, added arguments) stays; what pointed into the
    // old directory points into the new one; the command and the generated arguments are the new plan's.
    const old = record.dir;
    const moved = (v: unknown): unknown => (old && dir ? mapStrings(v, (t) => t.replaceAll(old, dir)) : v);
    const kept = moved(opts.current ?? record.server) as Record<string, unknown>;
    const serverEnv = {
      ...(fresh.env as Record<string, string> | undefined),
      ...(kept.env as Record<string, string> | undefined),
    };
    const generated = stringsOf(fresh.args);
    const merged = mergeArgs(
      stringsOf(kept.args),
      stringsOf(moved(record.server.args)),
      generated,
      record.version,
    );
    const warnings =
      merged.how === 'kept'
        ? [
            `"${record.name}": its args were changed since the install and could not be matched to the new version's; they are kept as they were: check them (the new version's own: ${JSON.stringify(generated)})`,
          ]
        : [];
    const server: Record<string, unknown> = {
      ...kept,
      command: fresh.command,
      args: merged.args,
      ...(Object.keys(serverEnv).length ? { env: serverEnv } : {}),
    };
    opts.progress?.('starting the new version to list its tools');
    const tools = await verify(server);
    const to = finished.version ?? plan.version ?? version;
    await opts.apply?.(server);
    await writeFileAtomic(
      recordPath,
      `${JSON.stringify({ ...record, version: to, source: plan.source, dir: dir ?? record.dir, server: { ...server, args: generated } }, null, 2)}\n`,
    );
    if (dir && record.dir) await rm(record.dir, { recursive: true, force: true });
    return { name: record.name, from: record.version ?? null, to, tools, server, warnings };
  } catch (err) {
    if (dir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Local directories: detected like repositories, and run from their own code in place (build outputs such
 * as node_modules stay in the directory; a Python venv goes under MCP_HOME/packages/<name>). A Node.js
 * project that has its node_modules and its built entry point is run as it is.
 * @module
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { UsageError } from '../../errors.js';
import { detectRepo, type Detection, type Language } from '../detect.js';
import type { InstallPlan } from '../plan.js';
import { readRepoFiles } from '../repo-files.js';

import {
  chooseWay,
  detectedSummary,
  LOCAL_ORDER,
  planRepoWay,
  planRepoWayFor,
  repoName,
  type LocalWay,
} from './repo-plan.js';
import type { InstallSource, SourceContext } from './types.js';

const LABEL: Record<Language, string> = {
  node: 'Node.js',
  python: 'Python',
  go: 'Go',
  rust: 'Rust',
  ruby: 'Ruby',
  php: 'PHP',
};

function resolveDir(dir: string): string {
  const abs = path.resolve(dir.replace(/^~(?=$|\/)/, os.homedir()));
  if (!existsSync(abs)) throw new UsageError(`no directory ${abs}`);
  return abs;
}

function detectDir(abs: string): Detection {
  const d = detectRepo(readRepoFiles(abs));
  if (!d.evidence.length)
    throw new UsageError(
      `cannot tell how to run ${abs}: no package.json or pyproject.toml (nor setup.py, requirements.txt, go.mod, Cargo.toml, Gemfile, composer.json or Dockerfile)`,
      'see docs/install.md',
    );
  return d;
}

/** Skips what a Node.js project already has: its dependencies, its built entry point. */
function trimNode(plan: InstallPlan, abs: string): InstallPlan {
  const entry = (plan.server.args as string[])[0] ?? '';
  const commands = plan.commands.filter((c) => {
    if (c[1] === 'ci' || c[1] === 'install') return !existsSync(path.join(abs, 'node_modules'));
    if (c[1] === 'run') return !existsSync(entry);
    return true;
  });
  return { ...plan, commands };
}

/** The old way of a Python project when uv is there: `uv sync` and `uv run` in the directory itself. */
function uvPlan(plan: InstallPlan, abs: string): InstallPlan {
  return {
    ...plan,
    installsFiles: false,
    commands: [['uv', 'sync', '--directory', abs]],
    commandEnv: undefined,
    server: { command: 'uv', args: ['run', '--directory', abs, path.basename(abs)] },
    requires: [{ command: 'uv', hint: 'install uv' }],
    why: [plan.why[0]!, 'Python project (pyproject.toml), run in place with uv'],
  };
}

function localPlan(abs: string, d: Detection, way: LocalWay, plan: InstallPlan, uv: boolean): InstallPlan {
  const label = way.way === 'source' ? `${LABEL[way.language]} project` : 'Dockerfile project';
  let out: InstallPlan = {
    ...plan,
    why: [`${label} (${d.evidence.join(', ')}), run in place: ${abs}`, ...plan.why.slice(1)],
  };
  if (way.way === 'source' && way.language === 'node') out = trimNode(out, abs);
  if (way.way === 'source' && way.language === 'python' && uv && 'pyproject.toml' in readRepoFiles(abs).read)
    out = uvPlan(out, abs);
  return out;
}

/**
 * Plans a local directory from its manifests, without looking at the machine (`uv`: whether a Python
 * project runs with uv; default true, as before the venv fallback existed).
 */
export function planLocal(
  dir: string,
  opts: { uv?: boolean; prefer?: SourceContext['prefer'] } = {},
): InstallPlan {
  const abs = resolveDir(dir);
  const d = detectDir(abs);
  const way = chooseWay(d, opts.prefer, LOCAL_ORDER);
  if (way.way === 'package')
    throw new UsageError(
      'a local directory is run from its own code: install the package itself (npm:, pypi:, ...)',
    );
  const place = { name: repoName(d.name ?? path.basename(abs)), source: `local:${abs}`, src: abs };
  return localPlan(abs, d, way, planRepoWay(place, d, way), opts.uv ?? true);
}

/** The local directory source. */
export const localSource: InstallSource = {
  kind: 'local',
  async plan(ref, ctx) {
    const abs = resolveDir(ref.target);
    const d = detectDir(abs);
    const way = chooseWay(d, ctx.prefer, LOCAL_ORDER);
    if (way.way === 'package') {
      const { sourceFor } = await import('./index.js');
      const plan = await sourceFor(way.kind).plan({ kind: way.kind, target: way.identifier }, ctx);
      return {
        ...plan,
        detected: detectedSummary(d, way),
        why: [`detected: ${d.evidence.join(', ')}`, way.why, ...plan.why],
      };
    }
    const place = { name: repoName(d.name ?? path.basename(abs)), source: `local:${abs}`, src: abs };
    const plan = await planRepoWayFor(place, d, way, ctx);
    return ctx.runtime === 'docker' ? plan : localPlan(abs, d, way, plan, await ctx.has('uv'));
  },
};

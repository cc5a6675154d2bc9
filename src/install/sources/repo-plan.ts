/**
 * From a repository's detection to a plan: choose the way (the detected priority, or `--prefer`), then
 * either hand over to the package's own source, build an image from its Dockerfile, or build it from
 * source. Shared by `github:` repositories (a clone) and local directories (in place).
 * @module
 */
import type { TemplateName } from '../../catalog/docker.js';
import { UsageError } from '../../errors.js';
import { describeWay, type Detection, type Language, type RunWay } from '../detect.js';
import { slug, type DetectedSummary, type InstallPlan } from '../plan.js';

import { buildImagePlan, templatePlan } from './container.js';
import type { SourceContext } from './types.js';

/** Where the repository is and what it is called. */
export interface RepoPlace {
  /** Suggested server name. */
  name: string;
  /** `github:owner/repo#ref` or `local:/abs/dir`. */
  source: string;
  /** The checkout: `{src}` in commands, or an absolute directory (local, built in place). */
  src: string;
  /** A clone made while planning, moved to `{dir}/src` by the flow. */
  staged?: string | undefined;
  version?: string | undefined;
}

const TEMPLATE: Partial<Record<Language, TemplateName>> = {
  node: 'github-node',
  python: 'github-python',
  go: 'github-go',
  rust: 'github-rust',
  ruby: 'github-ruby',
};

/** The order of ways for a GitHub repository (the issue's priority) and for a local directory (its own code first). */
export const REMOTE_ORDER: RunWay['way'][] = ['package', 'dockerfile', 'source'];
export const LOCAL_ORDER: RunWay['way'][] = ['source', 'dockerfile', 'package'];

/** Picks the way: the first of the preferred kind, else the first in `order`. */
export function chooseWay(d: Detection, prefer: SourceContext['prefer'], order = REMOTE_ORDER): RunWay {
  const way = prefer
    ? d.ways.find((w) => w.way === prefer)
    : order.map((o) => d.ways.find((w) => w.way === o)).find(Boolean);
  if (!way) {
    const found =
      d.languages.length || d.evidence.length ? `found ${d.evidence.join(', ')}` : 'found no manifest';
    throw new UsageError(
      prefer
        ? `this repository cannot run as --prefer ${prefer} (${found}; ways: ${d.ways.map(describeWay).join(', ') || 'none'})`
        : `cannot tell how to run this repository: ${found}${d.notes.length ? `; ${d.notes.join('; ')}` : ''}`,
      'see docs/install.md (Repositories) for what is detected',
    );
  }
  return way;
}

const sub = (v: string, src: string): string => v.replaceAll('{src}', src);

/** What a plan shows of the detection: evidence, the way chosen, the alternatives. */
export function detectedSummary(d: Detection, way: RunWay): DetectedSummary {
  return {
    languages: d.languages,
    evidence: d.evidence,
    way: way.way,
    language: way.way === 'source' ? way.language : undefined,
    alternatives: d.ways.filter((w) => w !== way).map(describeWay),
  };
}

function basePlan(place: RepoPlace, d: Detection, way: RunWay): InstallPlan {
  return {
    name: place.name,
    kind: place.source.startsWith('github:') ? 'github' : 'local',
    source: place.source,
    version: place.version,
    commands: [],
    installsFiles: place.staged !== undefined,
    staged: place.staged,
    server: {},
    vars: [],
    detected: detectedSummary(d, way),
    why: [`detected: ${d.evidence.join(', ') || 'nothing'}`, way.why],
  };
}

/** The plan of a Dockerfile or source way, run natively (a Dockerfile way always runs in a container). */
export function planRepoWay(place: RepoPlace, d: Detection, way: LocalWay): InstallPlan {
  const base = basePlan(place, d, way);
  if (way.way === 'dockerfile') return buildImagePlan(base, { context: place.src });
  const node = (c: string): string => (c === 'node' ? process.execPath : c);
  const subAll = (env: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(env).map(([k, v]) => [k, sub(v, place.src)]));
  return {
    ...base,
    installsFiles: base.installsFiles || way.writesDir,
    commands: way.commands.map((argv) => argv.map((a) => sub(a, place.src))),
    commandEnv: way.commandEnv ? subAll(way.commandEnv) : undefined,
    server: {
      command: node(sub(way.server.command, place.src)),
      args: way.server.args.map((a) => sub(a, place.src)),
      ...(way.server.env ? { env: subAll(way.server.env) } : {}),
      cwd: place.src,
    },
    requires: way.requires,
  };
}

/** A way that is not a package (those are planned through their own source). */
export type LocalWay = Exclude<RunWay, { way: 'package' }>;

/** The plan of a Dockerfile or source way, in a container with `--runtime docker`. */
export async function planRepoWayFor(
  place: RepoPlace,
  d: Detection,
  way: LocalWay,
  ctx: SourceContext,
): Promise<InstallPlan> {
  if (ctx.runtime !== 'docker' || way.way === 'dockerfile') return planRepoWay(place, d, way);
  const template = TEMPLATE[way.language];
  if (!template) throw new UsageError(`--runtime docker has no template for ${way.language} repositories`);
  if (way.language === 'python' && way.server.args.length)
    throw new UsageError('--runtime docker needs a Python repository with [project.scripts] to run');
  const target = way.server.args[0] ?? way.server.command;
  const rel = target.replace(/^\{(src|dir)\}\/(venv\/bin\/|bin\/|target\/release\/)?/, '');
  const version = place.version ?? 'local';
  const plan = await templatePlan({ ...basePlan(place, d, way), version }, ctx, template, {
    BIN: rel,
    VERSION: version,
    MAIN: (way.commands[0]?.at(-1) ?? '.').replace(/^\.\/?/, '') || '.',
  });
  return { ...plan, commands: [['docker', 'build', '-t', plan.image!, '-f', '{dir}/Dockerfile', place.src]] };
}

/** A server name from a repository or directory name. */
export const repoName = (name: string): string => slug(name.replace(/\.git$/, ''));

/**
 * Language detection for repositories: a pure function over a file list and the manifests' contents that
 * says which languages a repository holds and every way it could run, best first: a published package the
 * repository names (npm, PyPI, crate, gem, Composer, Go module) > its own Dockerfile > a build from
 * source. Commands use `{src}` (the checkout) and `{dir}` (the package directory under MCP_HOME).
 * @module
 */
import { goWays, nodeWays, phpWays, pythonWays, rubyWays, rustWays } from './detect-languages.js';
import type { NeededTool } from './plan.js';
import type { SourceKind } from './ref.js';

/** What detection reads: relative `/`-separated paths and the text of the manifests among them. */
export interface RepoFiles {
  files: string[];
  read: Record<string, string>;
}

/** A language found in a repository. */
export type Language = 'node' | 'python' | 'go' | 'rust' | 'ruby' | 'php';

/** One way to run the repository. */
export type RunWay =
  | { way: 'package'; language: Language; kind: SourceKind; identifier: string; why: string }
  | { way: 'dockerfile'; why: string }
  | {
      way: 'source';
      language: Language;
      commands: string[][];
      commandEnv?: Record<string, string>;
      /** The command `node` is this Node.js (the planner substitutes it). */
      server: { command: string; args: string[]; env?: Record<string, string> };
      /** True when the build writes under `{dir}` (a venv, a bin directory). */
      writesDir: boolean;
      requires: NeededTool[];
      why: string;
    };

/** The outcome of detection. */
export interface Detection {
  languages: Language[];
  /** What each language was recognised by. */
  evidence: string[];
  /** Every way to run it, best first. */
  ways: RunWay[];
  /** Why a found language has no way to run (no bin, no entry point). */
  notes: string[];
  /** The first name a manifest gives the project. */
  name?: string | undefined;
}

/** The manifests detection reads (plus every `*.gemspec`). */
export const MANIFESTS = [
  'package.json',
  'tsconfig.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'requirements.txt',
  'go.mod',
  'Cargo.toml',
  'Gemfile',
  'composer.json',
  'Dockerfile',
];

/** Whether detection needs a file's contents. */
export const isManifest = (file: string): boolean =>
  MANIFESTS.includes(file) || /^[^/]+\.gemspec$/.test(file);

/**
 * Detects how a repository runs.
 * @example detectRepo({ files: ['go.mod', 'main.go'], read: { 'go.mod': 'module github.com/o/r\n' } }).ways[0]
 * // { way: 'package', kind: 'go', identifier: 'github.com/o/r', ... }
 */
export function detectRepo(repo: RepoFiles): Detection {
  const out: Detection = { languages: [], evidence: [], ways: [], notes: [] };
  const all = [nodeWays, pythonWays, goWays, rustWays, rubyWays, phpWays].flatMap((f) => f(repo, out));
  const docker: RunWay[] = repo.files.includes('Dockerfile')
    ? [{ way: 'dockerfile', why: 'the repository has its own Dockerfile' }]
    : [];
  if (docker.length) out.evidence.push('Dockerfile');
  out.ways = [...all.filter((w) => w.way === 'package'), ...docker, ...all.filter((w) => w.way === 'source')];
  return out;
}

/** A one-line description of a way, for plans and `--dry-run`. */
export function describeWay(w: RunWay): string {
  if (w.way === 'package') return `${w.kind} package ${w.identifier}`;
  if (w.way === 'dockerfile') return 'its Dockerfile';
  return `${w.language} from source`;
}

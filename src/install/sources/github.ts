/**
 * GitHub repositories (`github:owner/repo[#ref]` or a github.com URL): shallow-cloned while planning
 * (`git clone --depth 1 [--branch ref]` into a temporary directory), detected, then installed the best way:
 * the package the repository publishes, else its Dockerfile, else built from source in
 * `MCP_HOME/packages/<name>/src` (the flow moves the clone there). The clone URL's base is injectable
 * (`SourceContext.githubBaseUrl`, from `MCP_GITHUB_URL`) so tests clone a local repository: GitHub itself
 * cannot be reached from the test machines.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { PlatformError, PlatformErrorCode, UsageError } from '../../errors.js';
import { detectRepo } from '../detect.js';
import { readRepoFiles } from '../repo-files.js';
import { runCommand } from '../run-command.js';

import { chooseWay, detectedSummary, planRepoWayFor, repoName } from './repo-plan.js';
import type { InstallSource } from './types.js';

/** The default clone base. */
export const GITHUB_BASE_URL = 'https://github.com';

/** The clone URL of `owner/repo` under `base`. */
export function cloneUrl(base: string, repo: string): string {
  return `${base.replace(/\/+$/, '')}/${repo}.git`;
}

/** The `git clone` argv of a shallow clone. */
export function cloneArgv(url: string, ref: string | undefined, into: string): string[] {
  return ['git', 'clone', '--depth', '1', '--quiet', ...(ref ? ['--branch', ref] : []), url, into];
}

/** The GitHub source. */
export const githubSource: InstallSource = {
  kind: 'github',
  async plan(ref, ctx) {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(ref.target))
      throw new UsageError(`github:${ref.target}: name the repository as owner/repo`);
    if (!(await ctx.has('git'))) {
      throw new PlatformError(
        PlatformErrorCode.ToolMissing,
        'cannot install a repository: git is not installed',
        { missing: ['git'] },
        { hint: 'install git, then run the same command again (nothing was changed)' },
      );
    }
    const url = cloneUrl(ctx.githubBaseUrl ?? GITHUB_BASE_URL, ref.target);
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'mcp-clone-'));
    const src = path.join(tmp, 'src');
    try {
      await (ctx.run ?? runCommand)(cloneArgv(url, ref.version, src));
      const d = detectRepo(readRepoFiles(src));
      const way = chooseWay(d, ctx.prefer);
      const source = `github:${ref.target}${ref.version ? `#${ref.version}` : ''}`;
      const name = repoName(ref.target.split('/')[1]!);
      const detected = `cloned ${url}${ref.version ? ` at ${ref.version}` : ''}; detected: ${d.evidence.join(', ') || 'nothing'}`;
      if (way.way === 'package') {
        await rm(tmp, { recursive: true, force: true });
        const { sourceFor } = await import('./index.js');
        const plan = await sourceFor(way.kind).plan({ kind: way.kind, target: way.identifier }, ctx);
        return {
          ...plan,
          name,
          source: `${source} (${plan.source})`,
          detected: detectedSummary(d, way),
          why: [detected, way.why, ...plan.why],
        };
      }
      const plan = await planRepoWayFor(
        { name, source, src: '{src}', staged: src, version: ref.version },
        d,
        way,
        ctx,
      );
      return { ...plan, why: [detected, ...plan.why.slice(1)], staged: src, installsFiles: true };
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      if (
        err instanceof PlatformError &&
        err.code === PlatformErrorCode.InstallFailed &&
        /git clone/.test(err.message)
      )
        throw new PlatformError(
          PlatformErrorCode.InstallFailed,
          `could not clone ${url}${ref.version ? ` at ${ref.version}` : ''}: ${err.message}`,
          { url },
          { hint: 'check the repository name and ref (branch or tag), and that it is public' },
        );
      throw err;
    }
  },
  async latest() {
    return {
      status: 'unknown',
      reason: 'repositories are not compared: install it again to get the newest commit',
    };
  },
};

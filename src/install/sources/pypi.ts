/**
 * PyPI packages, run with the first tool present: `uvx` (its own cache, nothing under MCP_HOME), else `pipx`
 * (with PIPX_HOME and PIPX_BIN_DIR under the package directory), else a venv under the package directory
 * (`python3 -m venv` + pip). The command run is the package's console script named like the package.
 * @module
 */
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { askRegistry } from './ask-registry.js';
import { resolveBinCommand } from './bin-dir.js';
import { templatePlan } from './container.js';
import type { InstallSource } from './types.js';

/** How a PyPI package is run. */
export type PypiRunner = 'uvx' | 'pipx' | 'venv';

const HINT = 'install uv (uvx), pipx, or python3 with its venv module';

/** Plans a PyPI package with `runner` (default uvx, which installs it into its own cache on first run). */
export function planPypi(
  pkg: string,
  version: string | undefined,
  vars: NeededVar[] = [],
  runner: PypiRunner = 'uvx',
): InstallPlan {
  const spec = version ? `${pkg}==${version}` : pkg;
  const common = {
    name: slug(pkg),
    kind: 'pypi' as const,
    source: `pypi:${spec}`,
    package: pkg,
    version,
    vars,
  };
  if (runner === 'pipx') {
    return {
      ...common,
      commands: [['pipx', 'install', '--force', spec]],
      commandEnv: { PIPX_HOME: '{dir}/pipx', PIPX_BIN_DIR: '{dir}/bin' },
      installsFiles: true,
      server: { command: `{dir}/bin/${pkg}`, args: [] },
      requires: [{ command: 'pipx', hint: HINT }],
      why: [`PyPI package ${spec}, installed with pipx under MCP_HOME/packages (uvx is not on PATH)`],
    };
  }
  if (runner === 'venv') {
    return {
      ...common,
      commands: [
        ['python3', '-m', 'venv', '{dir}/venv'],
        ['{dir}/venv/bin/python', '-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', spec],
      ],
      installsFiles: true,
      server: { command: `{dir}/venv/bin/${pkg}`, args: [] },
      requires: [{ command: 'python3', hint: HINT }],
      why: [
        `PyPI package ${spec}, installed into a venv under MCP_HOME/packages (neither uvx nor pipx is on PATH)`,
      ],
    };
  }
  return {
    ...common,
    commands: [['uvx', '--from', spec, pkg, '--help']],
    installsFiles: false,
    server: { command: 'uvx', args: ['--from', spec, pkg] },
    requires: [{ command: 'uvx', hint: HINT }],
    why: [`PyPI package ${spec}, run with uvx (needs uv on PATH)`],
  };
}

/** The first runner present, in the order uvx, pipx, python3 (venv); uvx when none is (the check then fails). */
export async function pickPypiRunner(has: (c: string) => Promise<boolean>): Promise<PypiRunner> {
  if (await has('uvx')) return 'uvx';
  if (await has('pipx')) return 'pipx';
  if (await has('python3')) return 'venv';
  return 'uvx';
}

/** The PyPI source. */
export const pypiSource: InstallSource = {
  kind: 'pypi',
  async plan(ref, ctx) {
    if (ctx.runtime === 'docker') {
      return templatePlan(planPypi(ref.target, ref.version), ctx, 'python-uv', {
        PACKAGE: ref.target,
        VERSION: ref.version ?? '',
        BIN: ref.target,
      });
    }
    return planPypi(ref.target, ref.version, [], await pickPypiRunner(ctx.has));
  },
  async finish(plan, dir) {
    return { server: await resolveBinCommand(plan.server, dir) };
  },
  latest(record) {
    const pkg = record.package;
    if (!pkg) return Promise.resolve({ status: 'unknown' as const, reason: 'no PyPI package recorded' });
    return askRegistry('PyPI', ['python3', '-m', 'pip', 'index', 'versions', pkg], (out) => {
      return new RegExp(`^${pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(([^)]+)\\)`, 'mi').exec(out)?.[1];
    });
  },
};

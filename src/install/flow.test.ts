/**
 * The install flow with injected commands and toolchain probe (real files in a temporary directory): the
 * progress events a caller such as the REST API receives, a clone staged while planning moved into place,
 * and complete rollback when a command fails or a program is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runInstall, type InstallDeps, type InstallProgress } from './flow.js';
import type { InstallPlan } from './plan.js';

function setup(over: Partial<InstallDeps> = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mcp-flow-'));
  const events: InstallProgress[] = [];
  const ran: Array<{ argv: string[]; env?: Record<string, string> }> = [];
  const added: Record<string, Record<string, unknown>> = {};
  const deps: InstallDeps = {
    packagesDir: path.join(root, 'packages'),
    hasServer: async (n) => n in added,
    addServer: async (n, def) => void (added[n] = def),
    removeServer: async () => undefined,
    setSecret: async () => undefined,
    removeSecret: async () => undefined,
    verify: async () => ['hello'],
    progress: (_t, e) => e && events.push(e),
    probe: { has: async () => true, engine: async () => false },
    run: async (argv, opts) => {
      ran.push({ argv, env: opts?.env });
      mkdirSync(path.join(argv.at(-1)!, 'bin'), { recursive: true });
      writeFileSync(path.join(argv.at(-1)!, 'bin', 'tool'), '');
    },
    ...over,
  };
  const staged = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcp-clone-')), 'src');
  mkdirSync(staged);
  writeFileSync(path.join(staged, 'go.mod'), 'module x\n');
  const plan: InstallPlan = {
    name: 'tool',
    kind: 'github',
    source: 'github:o/tool',
    commands: [['build', '{src}', '{dir}']],
    commandEnv: { OUT: '{dir}/bin' },
    installsFiles: true,
    staged,
    server: { command: '{dir}/bin/tool', args: [], cwd: '{src}' },
    requires: [{ command: 'go', hint: 'install Go' }],
    vars: [],
    why: [],
  };
  return { root, deps, plan, events, ran, added, staged };
}

const opts = { env: {}, dryRun: false, verify: true };

describe('install flow', () => {
  it('moves the clone into place, runs the commands with their env, reports every step', async () => {
    const t = setup();
    const report = await runInstall(t.deps, t.plan, opts);
    const dir = path.join(t.deps.packagesDir, 'tool');
    expect(t.ran).toEqual([{ argv: ['build', path.join(dir, 'src'), dir], env: { OUT: `${dir}/bin` } }]);
    expect(existsSync(path.join(dir, 'src', 'go.mod'))).toBe(true);
    expect(existsSync(path.dirname(t.staged))).toBe(false);
    expect(t.added.tool).toEqual({ command: `${dir}/bin/tool`, args: [], cwd: path.join(dir, 'src') });
    expect(report.tools).toEqual(['hello']);
    expect(t.events.map((e) => `${e.step}/${e.total} ${e.phase}`)).toEqual([
      '1/5 check',
      '2/5 prepare',
      '3/5 command',
      '4/5 verify',
      '5/5 config',
    ]);
  });

  it('a failing command removes the package directory, the clone and the packages folder it created', async () => {
    const t = setup({
      run: async () => {
        throw new Error('build failed');
      },
    });
    await expect(runInstall(t.deps, t.plan, opts)).rejects.toThrow('build failed');
    expect(existsSync(t.deps.packagesDir)).toBe(false);
    expect(existsSync(path.dirname(t.staged))).toBe(false);
    expect(t.events.at(-1)?.phase).toBe('rollback');
    expect(t.added).toEqual({});
  });

  it('a missing program stops before anything changes; a dry run reports it', async () => {
    const t = setup({ probe: { has: async (c) => c !== 'go', engine: async () => false } });
    const dry = await runInstall(t.deps, t.plan, { ...opts, dryRun: true });
    expect(dry.plan.missing).toEqual(['go is not installed: install Go']);
    await expect(runInstall(t.deps, t.plan, opts)).rejects.toThrow(
      /cannot install tool: go is not installed/,
    );
    expect(t.ran).toEqual([]);
    expect(readdirSync(t.root)).toEqual([]);
  });
});

/**
 * Installing repositories as a user does: a local Node.js project (npm install + build, run in place), a
 * local Python project (a venv under MCP_HOME), and a `github:` repository cloned, detected and built from
 * source. GitHub cannot be reached from the test machines: the `github:` tests clone a LOCAL bare git
 * repository made from the fixture, through MCP_GITHUB_URL (the clone base, default https://github.com).
 * Every install is verified by listing the server's tools; failures leave MCP_HOME byte-identical.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT, runCli, snapshot, tempHome } from './cli-harness.js';

const REPOS = path.join(ROOT, 'test', 'fixtures', 'repos');
const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPython) console.warn('python3 with venv is not installed: the Python repository test is skipped');

/** A copy of a fixture repository in a temporary directory (installs build inside it). */
function copyFixture(name: string): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcp-repo-')), name);
  cpSync(path.join(REPOS, name), dir, { recursive: true });
  return dir;
}

/** A bare repository `<base>/<owner>/<repo>.git` holding a fixture, tagged v1; returns `file://<base>`. */
function bareRepo(fixture: string, owner: string, repo: string, edit?: (dir: string) => void): string {
  const work = copyFixture(fixture);
  edit?.(work);
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd,
      stdio: 'ignore',
    });
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'fixture');
  git(work, 'tag', 'v1');
  const base = mkdtempSync(path.join(os.tmpdir(), 'mcp-github-'));
  mkdirSync(path.join(base, owner));
  git(base, 'clone', '-q', '--bare', work, path.join(base, owner, `${repo}.git`));
  return `file://${base}`;
}

describe('mcp install: repositories', () => {
  it('a local Node.js project: npm install and npm run build in place, verified, uninstalled', async () => {
    const home = await tempHome();
    const dir = copyFixture('node');
    const r = await runCli(['install', dir, '--yes', '--json'], { home });
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{
      name: string;
      tools: string[];
      server: { command: string; args: string[] };
      plan: { detected: { way: string; evidence: string[] } };
    }>();
    expect(report.name).toBe('fixture-node-mcp');
    expect(report.plan.detected).toMatchObject({
      way: 'source',
      evidence: [expect.stringContaining('package.json (fixture-node-mcp, private)')],
    });
    expect(report.tools).toEqual(['node_fixture_hello']);
    expect(report.server).toMatchObject({
      command: process.execPath,
      args: [path.join(dir, 'dist', 'server.js')],
    });
    expect(existsSync(path.join(dir, 'dist', 'server.js'))).toBe(true);
    expect(
      (await runCli(['transport', 'test', 'fixture-node-mcp', '--json'], { home })).json(),
    ).toMatchObject({
      ok: true,
    });
    const docker = (await runCli(['docker', 'render', 'fixture-node-mcp', '--json'], { home })).json<{
      template: string;
      dockerfile: string;
    }>();
    expect(docker.template).toBe('github-node');
    expect(docker.dockerfile).toContain('CMD ["node", "/src/dist/server.js"]');
    expect((await runCli(['uninstall', 'fixture-node-mcp'], { home })).code).toBe(0);
    expect((await runCli(['server', 'list', '--json'], { home })).json()).toEqual([]);
  }, 120_000);

  it.skipIf(!hasPython)(
    'a local Python project: a venv under MCP_HOME, pip install -r requirements.txt',
    async () => {
      const home = await tempHome();
      const dir = copyFixture('python');
      const r = await runCli(['install', dir, '--yes', '--json'], { home });
      expect(r.code, r.stderr).toBe(0);
      const report = r.json<{
        name: string;
        tools: string[];
        server: { command: string; args: string[] };
        plan: { commands: string[] };
      }>();
      const venv = path.join(home, 'packages', 'python', 'venv');
      expect(report.plan.commands).toEqual([
        `python3 -m venv ${venv}`,
        `${venv}/bin/python -m pip install --no-input --disable-pip-version-check -r ${dir}/requirements.txt`,
      ]);
      expect(report.server).toMatchObject({ command: `${venv}/bin/python`, args: [`${dir}/server.py`] });
      expect(report.tools).toEqual(['python_fixture_hello']);
      expect((await runCli(['uninstall', 'python'], { home })).code).toBe(0);
      expect(readdirSync(path.join(home, 'packages'))).toEqual([]);
    },
    180_000,
  );

  it('github: a shallow clone of the repository (a local bare one here), built from source under MCP_HOME', async () => {
    const home = await tempHome();
    const base = bareRepo('node', 'example', 'node-mcp');
    const env = { MCP_GITHUB_URL: base };
    await runCli(['init'], { home });
    const before = snapshot(home);
    const dry = await runCli(['install', 'github:example/node-mcp#v1', '--dry-run', '--json'], { home, env });
    expect(dry.code, dry.stderr).toBe(0);
    const plan = dry.json<{
      plan: { detected: { way: string; languages: string[] }; why: string[]; commands: string[] };
    }>().plan;
    expect(plan.detected).toMatchObject({ way: 'source', languages: ['node'] });
    expect(plan.why[0]).toBe(
      `cloned ${base}/example/node-mcp.git at v1; detected: package.json (fixture-node-mcp, private) + tsconfig.json (TypeScript)`,
    );
    const src = path.join(home, 'packages', 'node-mcp', 'src');
    expect(plan.commands).toEqual([
      `npm install --prefix ${src} --no-audit --no-fund`,
      `npm run build --prefix ${src}`,
    ]);
    expect(snapshot(home), 'a dry run changes nothing').toEqual(before);

    const human = await runCli(['install', 'github:example/node-mcp', '--dry-run'], { home, env });
    expect(human.stdout).toContain(
      'detected: package.json (fixture-node-mcp, private) + tsconfig.json (TypeScript) -> runs as source',
    );

    const r = await runCli(['install', 'https://github.com/example/node-mcp#v1', '--yes', '--json'], {
      home,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{ name: string; tools: string[]; server: { args: string[]; cwd: string } }>();
    expect(report).toMatchObject({ name: 'node-mcp', tools: ['node_fixture_hello'] });
    expect(report.server.args).toEqual([path.join(src, 'dist', 'server.js')]);
    expect(existsSync(path.join(src, '.git'))).toBe(true);
    const gone = await runCli(['uninstall', 'node-mcp', '--json'], { home });
    expect(gone.code, gone.stderr).toBe(0);
    expect(existsSync(path.join(home, 'packages', 'node-mcp'))).toBe(false);
  }, 120_000);

  it('github: a clone or build that fails leaves config and MCP_HOME exactly as before', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    const before = snapshot(home);
    const base = bareRepo('node', 'example', 'broken-mcp', (dir) =>
      writeFileSync(path.join(dir, 'scripts', 'build.mjs'), "throw new Error('the build is broken');\n"),
    );
    const env = { MCP_GITHUB_URL: base };
    const missing = await runCli(['install', 'github:example/no-such-repo', '--yes'], { home, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`could not clone ${base}/example/no-such-repo.git`);
    const badRef = await runCli(['install', 'github:example/broken-mcp#no-such-tag', '--yes'], { home, env });
    expect(badRef.code).toBe(1);
    expect(badRef.stderr).toMatch(/could not clone .* at no-such-tag/);
    const broken = await runCli(['install', 'github:example/broken-mcp', '--yes'], { home, env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/npm run build .* failed .*the build is broken/s);
    expect(snapshot(home)).toEqual(before);
  }, 120_000);
});

/**
 * The ecosystems other than npm as a user meets them on a machine that lacks their toolchain, or cannot
 * reach their registry (crates.io, the Go module proxy, RubyGems, Packagist, PyPI and container registries
 * cannot be reached from the test machines; their plans are tested in src/install/sources): each refuses
 * before changing anything, says what to install, and leaves config.yaml and MCP_HOME byte-identical.
 * Missing toolchains are made certain by running the CLI with a PATH that holds none.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT, runCli, snapshot, tempHome } from './cli-harness.js';

const EMPTY_PATH = { PATH: mkdtempSync(path.join(os.tmpdir(), 'mcp-empty-path-')) };
const can = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
};
const hasCargo = can('cargo', ['--version']);
const dockerCli = can('docker', ['--version']);
const dockerEngine = dockerCli && can('docker', ['info']);
if (!hasCargo) console.warn('cargo is not installed: the failing cargo install test is skipped');
if (dockerEngine) console.warn('a Docker engine runs here: the "no engine" refusal tests are skipped');

async function freshHome(): Promise<{ home: string; before: Record<string, string> }> {
  const home = await tempHome();
  await runCli(['init'], { home });
  return { home, before: snapshot(home) };
}

describe('mcp install: a missing toolchain refuses before any change', () => {
  const cases: Array<[string, RegExp]> = [
    ['cargo:files-mcp@0.3.1', /cargo is not installed: install Rust with cargo/],
    ['go:github.com/example/weather-mcp@v1.0.0', /go is not installed: install Go/],
    ['gem:notes-mcp', /gem is not installed: install Ruby with RubyGems/],
    ['composer:example/tasks-mcp', /composer is not installed: install Composer .*php is not installed/],
    [
      'pypi:mcp-server-fetch',
      /uvx is not installed: install uv \(uvx\), pipx, or python3 with its venv module/,
    ],
    [
      'docker:ghcr.io/github/github-mcp-server:v1',
      /docker is not installed: install Docker and start its engine/,
    ],
    ['github:example/repo', /git is not installed/],
  ];
  for (const [ref, message] of cases) {
    it(ref, async () => {
      const { home, before } = await freshHome();
      const r = await runCli(['install', ref, '--yes'], { home, env: EMPTY_PATH });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/nothing was changed/);
      expect(snapshot(home)).toEqual(before);
    });
  }

  it('a dry run shows the plan and what is missing', async () => {
    const { home, before } = await freshHome();
    const r = await runCli(['install', 'gem:notes-mcp@0.2.0', '--dry-run', '--json'], {
      home,
      env: EMPTY_PATH,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      dryRun: true,
      plan: {
        commands: [
          expect.stringMatching(
            /^gem install --install-dir .*packages\/notes-mcp --bindir .*--version 0\.2\.0$/,
          ),
        ],
        requires: [{ command: 'gem' }],
        missing: [expect.stringMatching(/^gem is not installed/)],
      },
    });
    expect(snapshot(home)).toEqual(before);
  });
});

describe('mcp install: failures past the checks roll back', () => {
  it.skipIf(!hasCargo)(
    'cargo: a crate the registry does not give leaves MCP_HOME exactly as before',
    async () => {
      const { home, before } = await freshHome();
      const r = await runCli(['install', 'cargo:no-such-crate-for-mcp-platform-tests', '--yes'], {
        home,
        env: { CARGO_NET_RETRY: '0' },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /cargo install --root \S*packages\/no-such-crate\S* no-such-crate-for-mcp-platform-tests failed/,
      );
      expect(snapshot(home)).toEqual(before);
    },
    120_000,
  );
});

describe('--runtime docker', () => {
  it.skipIf(dockerEngine)(
    'refuses clearly without a Docker engine, after showing the container plan',
    async () => {
      const { home, before } = await freshHome();
      const dir = path.join(ROOT, 'test', 'fixtures', 'repos', 'node');
      const dry = await runCli(['install', dir, '--runtime', 'docker', '--dry-run', '--json'], { home });
      expect(dry.code, dry.stderr).toBe(0);
      const plan = dry.json<{ plan: { runtime: string; commands: string[]; missing: string[] } }>().plan;
      expect(plan.runtime).toBe('docker');
      expect(plan.commands).toEqual([
        `docker build -t mcp-platform/fixture-node-mcp:local -f ${path.join(home, 'packages', 'fixture-node-mcp')}/Dockerfile ${dir}`,
      ]);
      expect(plan.missing).toEqual([
        expect.stringMatching(
          dockerCli ? /the Docker engine is not running \(docker info failed\)/ : /docker is not installed/,
        ),
      ]);
      const r = await runCli(['install', dir, '--runtime', 'docker', '--yes'], { home });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(dockerCli ? /the Docker engine is not running/ : /docker is not installed/);
      expect(snapshot(home)).toEqual(before);
      const image = await runCli(['install', 'oci:ghcr.io/github/github-mcp-server:v1', '--yes'], { home });
      expect(image.code).toBe(1);
      expect(snapshot(home)).toEqual(before);
    },
    60_000,
  );

  it.skipIf(dockerEngine)(
    'npm: the image plan takes the bin from the npm registry',
    async () => {
      const { home, before } = await freshHome();
      const r = await runCli(
        [
          'install',
          'npm:@modelcontextprotocol/server-memory@2025.8.4',
          '--runtime',
          'docker',
          '--dry-run',
          '--json',
        ],
        { home },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toMatchObject({
        plan: {
          runtime: 'docker',
          commands: [`docker build -t mcp-platform/memory:2025.8.4 ${path.join(home, 'packages', 'memory')}`],
          requires: [{ command: 'docker' }],
          missing: [expect.stringMatching(/docker/)],
        },
      });
      expect(snapshot(home)).toEqual(before);
    },
    60_000,
  );

  it('refuses what cannot run in a container, with the reason', async () => {
    const home = await tempHome();
    const r = await runCli(['install', 'url:https://mcp.example.com/mcp', '--runtime', 'docker'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--runtime docker does not apply');
    const bad = await runCli(['install', 'npm:x', '--runtime', 'podman'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--runtime podman: use native or docker');
  });
});

describe('mcp outdated beyond npm', () => {
  it('reports why a version cannot be checked instead of skipping the server', async () => {
    const home = await tempHome();
    // A copy: installing a local project builds in place.
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcp-repo-')), 'node');
    cpSync(path.join(ROOT, 'test', 'fixtures', 'repos', 'node'), dir, { recursive: true });
    const installed = await runCli(['install', dir, '--yes', '--no-verify', '--name', 'mine'], { home });
    expect(installed.code, installed.stderr).toBe(0);
    const rows = (await runCli(['outdated', '--json'], { home })).json();
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'mine',
        latest: null,
        outdated: false,
        note: 'local installs have no registry to compare with',
      }),
    ]);
    const text = await runCli(['outdated'], { home });
    expect(text.stdout).toMatch(/mine\s+\?\s+\?\s+local installs have no registry to compare with/);
    const update = await runCli(['update', 'mine'], { home });
    expect(update.code).toBe(1);
    expect(update.stderr).toContain(
      '"mine" is a local install: only npm, cargo, go, gem, composer and PyPI installs are updated in place',
    );
  });
});

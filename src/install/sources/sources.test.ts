/**
 * The plan of every source: the exact argv each ecosystem runs, where it installs, the definition it
 * produces, and the toolchain it needs. crates.io, the Go module proxy, RubyGems, Packagist, PyPI and
 * container registries cannot be reached from the test machines: the plans are tested here, and the
 * failure paths end to end (test/e2e/install-sources.e2e.test.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { templateText, type TemplateName } from '../../catalog/docker.js';
import type { CatalogEntry } from '../../catalog/index.js';
import { missingTools } from '../toolchain.js';

import { dockerRunArgs } from './container.js';
import { planRef, sourceFor } from './index.js';
import { pickPypiRunner } from './pypi.js';
import type { SourceContext } from './types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const only =
  (...present: string[]): SourceContext['has'] =>
  async (c) =>
    present.includes(c);
const ctx = (over: Partial<SourceContext> = {}): SourceContext => ({
  has: only(),
  template: (name) => templateText(ROOT, name as TemplateName),
  ...over,
});

describe('ecosystem plans', () => {
  it('cargo: cargo install --root under MCP_HOME, runs <root>/bin/<crate>', async () => {
    const p = await planRef('cargo:mcp-server-files@0.3.1', ctx());
    expect(p).toMatchObject({
      name: 'files',
      kind: 'cargo',
      commands: [['cargo', 'install', '--root', '{dir}', '--version', '0.3.1', 'mcp-server-files']],
      installsFiles: true,
      server: { command: '{dir}/bin/mcp-server-files' },
      requires: [{ command: 'cargo' }],
    });
    expect((await planRef('cargo:x-mcp', ctx())).commands[0]).toEqual([
      'cargo',
      'install',
      '--root',
      '{dir}',
      'x-mcp',
    ]);
  });

  it('go: go install module@version with GOBIN under MCP_HOME; the binary skips a /vN suffix', async () => {
    const p = await planRef('go:github.com/example/weather-mcp/v2@v2.0.1', ctx());
    expect(p).toMatchObject({
      name: 'weather-mcp',
      commands: [['go', 'install', 'github.com/example/weather-mcp/v2@v2.0.1']],
      commandEnv: { GOBIN: '{dir}/bin' },
      server: { command: '{dir}/bin/weather-mcp' },
      requires: [{ command: 'go' }],
    });
    expect((await planRef('go:github.com/o/tool', ctx())).commands[0]).toEqual([
      'go',
      'install',
      'github.com/o/tool@latest',
    ]);
  });

  it('gem: gem install --install-dir under MCP_HOME, run with GEM_HOME and GEM_PATH there', async () => {
    const p = await planRef('gem:notes-mcp@0.2.0', ctx());
    expect(p.commands).toEqual([
      [
        'gem',
        'install',
        '--install-dir',
        '{dir}',
        '--bindir',
        '{dir}/bin',
        '--no-document',
        'notes-mcp',
        '--version',
        '0.2.0',
      ],
    ]);
    expect(p.server).toEqual({
      command: '{dir}/bin/notes-mcp',
      args: [],
      env: { GEM_HOME: '{dir}', GEM_PATH: '{dir}' },
    });
  });

  it('composer: composer require into MCP_HOME, runs vendor/bin/<package>; needs composer and php', async () => {
    const p = await planRef('composer:example/tasks-mcp@^1.2', ctx());
    expect(p.commands).toEqual([
      [
        'composer',
        'require',
        '--working-dir',
        '{dir}',
        '--no-interaction',
        '--no-progress',
        '--update-no-dev',
        'example/tasks-mcp:^1.2',
      ],
    ]);
    expect(p.server).toMatchObject({ command: '{dir}/vendor/bin/tasks-mcp' });
    expect(p.requires?.map((t) => t.command)).toEqual(['composer', 'php']);
    await expect(planRef('composer:no-vendor', ctx())).rejects.toThrow(/vendor\/package/);
  });

  it('oci/docker: docker pull, then docker run -i --rm with variables passed by name only', async () => {
    const p = await planRef('docker:ghcr.io/github/github-mcp-server:v1.0.0', ctx());
    expect(p).toMatchObject({
      name: 'github-mcp-server',
      runtime: 'docker',
      commands: [['docker', 'pull', 'ghcr.io/github/github-mcp-server:v1.0.0']],
      server: { command: 'docker', args: ['run', '-i', '--rm', 'ghcr.io/github/github-mcp-server:v1.0.0'] },
      requires: [{ command: 'docker', engine: true }],
    });
    const args = dockerRunArgs('img:1', [{ name: 'GITHUB_TOKEN', required: true, secret: true }]);
    expect(args).toEqual(['run', '-i', '--rm', '-e', 'GITHUB_TOKEN', 'img:1']);
  });

  it('pypi: uvx, else pipx with its home under MCP_HOME, else a venv; uvx (and a clear miss) with none', async () => {
    expect(await pickPypiRunner(only('uvx', 'pipx', 'python3'))).toBe('uvx');
    expect(await pickPypiRunner(only('pipx', 'python3'))).toBe('pipx');
    expect(await pickPypiRunner(only('python3'))).toBe('venv');
    const pipx = await planRef('pypi:mcp-server-fetch@2025.4.7', ctx({ has: only('pipx') }));
    expect(pipx).toMatchObject({
      commands: [['pipx', 'install', '--force', 'mcp-server-fetch==2025.4.7']],
      commandEnv: { PIPX_HOME: '{dir}/pipx', PIPX_BIN_DIR: '{dir}/bin' },
      server: { command: '{dir}/bin/mcp-server-fetch' },
      installsFiles: true,
    });
    const venv = await planRef('pypi:mcp-server-fetch', ctx({ has: only('python3') }));
    expect(venv.commands).toEqual([
      ['python3', '-m', 'venv', '{dir}/venv'],
      [
        '{dir}/venv/bin/python',
        '-m',
        'pip',
        'install',
        '--no-input',
        '--disable-pip-version-check',
        'mcp-server-fetch',
      ],
    ]);
    expect(venv.server).toMatchObject({ command: '{dir}/venv/bin/mcp-server-fetch' });
    const none = await planRef('pypi:mcp-server-fetch', ctx());
    expect(none.server).toEqual({ command: 'uvx', args: ['--from', 'mcp-server-fetch', 'mcp-server-fetch'] });
    expect(await missingTools(none.requires!, { has: only(), engine: async () => false })).toEqual([
      'uvx is not installed: install uv (uvx), pipx, or python3 with its venv module',
    ]);
  });

  it('every source is one module behind the same interface', () => {
    for (const kind of [
      'catalog',
      'npm',
      'pypi',
      'cargo',
      'go',
      'gem',
      'composer',
      'oci',
      'url',
      'github',
      'local',
    ] as const)
      expect(sourceFor(kind).kind).toBe(kind);
  });
});

describe('--runtime docker', () => {
  const docker = ctx({ runtime: 'docker', npmBin: async () => 'dist/index.js' });

  it('npm: an image from the node template, run with docker run -i --rm', async () => {
    const p = await planRef('npm:@modelcontextprotocol/server-memory@2026.8.31', docker);
    expect(p.runtime).toBe('docker');
    expect(p.image).toBe('mcp-platform/memory:2026.8.31');
    expect(p.commands).toEqual([['docker', 'build', '-t', 'mcp-platform/memory:2026.8.31', '{dir}']]);
    expect(p.server).toEqual({
      command: 'docker',
      args: ['run', '-i', '--rm', 'mcp-platform/memory:2026.8.31'],
    });
    expect(p.files?.Dockerfile).toContain(
      'RUN npm install --omit=dev --no-audit --no-fund @modelcontextprotocol/server-memory@2026.8.31',
    );
    expect(p.files?.Dockerfile).toContain(
      'CMD ["node", "/app/node_modules/@modelcontextprotocol/server-memory/dist/index.js"]',
    );
    expect(p.requires).toEqual([expect.objectContaining({ command: 'docker', engine: true })]);
  });

  it('cargo, go, gem, pypi: their templates, pinned; an unpinned one is refused', async () => {
    expect((await planRef('cargo:files-mcp@0.3.1', docker)).files?.Dockerfile).toContain(
      'cargo install --locked --root /out files-mcp --version 0.3.1',
    );
    expect((await planRef('go:github.com/o/tool@v1.2.0', docker)).files?.Dockerfile).toContain(
      'go install github.com/o/tool@v1.2.0',
    );
    expect((await planRef('gem:notes-mcp@0.2.0', docker)).files?.Dockerfile).toContain('notes-mcp -v 0.2.0');
    expect((await planRef('pypi:mcp-server-fetch@2025.4.7', docker)).files?.Dockerfile).toContain(
      'uv tool install mcp-server-fetch==2025.4.7',
    );
    await expect(planRef('cargo:files-mcp', docker)).rejects.toThrow(/pinned image: give a version/);
    await expect(planRef('url:https://mcp.example.com/mcp', docker)).rejects.toThrow(/does not apply/);
  });

  it('a catalog entry passes its declared variables to the container by name', async () => {
    const entry = {
      id: 'gh',
      origin: 'bundled',
      meta: { id: 'gh', category: 'dev', tags: [] },
      server: {
        name: 'io.github.github/github-mcp-server',
        description: 'GitHub',
        version: '1.0.0',
        packages: [
          {
            registryType: 'oci',
            identifier: 'ghcr.io/github/github-mcp-server',
            version: '1.0.0',
            transport: { type: 'stdio' },
            packageArguments: [{ type: 'positional', value: 'stdio' }],
            environmentVariables: [
              { name: 'GITHUB_PERSONAL_ACCESS_TOKEN', isRequired: true, isSecret: true },
            ],
          },
        ],
      },
    } as unknown as CatalogEntry;
    const p = await planRef('gh', ctx({ catalog: async () => entry }));
    expect(p.server).toEqual({
      command: 'docker',
      args: [
        'run',
        '-i',
        '--rm',
        '-e',
        'GITHUB_PERSONAL_ACCESS_TOKEN',
        'ghcr.io/github/github-mcp-server:1.0.0',
        'stdio',
      ],
    });
    expect(p.vars).toEqual([expect.objectContaining({ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', secret: true })]);
    expect(JSON.stringify(p.server)).not.toMatch(/=/);
  });
});

/**
 * `mcp update` of the ecosystems other than npm. Their registries (the Go module proxy, RubyGems, PyPI)
 * cannot be reached from the test machines, so the install commands are faked: the fake does what the real
 * command leaves behind (an executable in the bin directory the plan names). Everything else is real:
 * the source's own plan and `finish`, directories, the record file and the order of the steps.
 */
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { recordFile, type InstallRecord } from './flow.js';
import { updateInstall } from './outdated.js';
import type { RunFn } from './sources/types.js';

async function installed(record: Omit<InstallRecord, 'installedAt' | 'secrets'>): Promise<string> {
  const packagesDir = path.dirname(
    record.dir ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'upd-')), 'x'),
  );
  await mkdir(packagesDir, { recursive: true });
  if (record.dir) {
    await mkdir(path.join(record.dir, 'bin'), { recursive: true });
    await writeFile(path.join(record.dir, 'bin', 'marker'), 'old');
  }
  await writeFile(
    recordFile(packagesDir, record.name),
    JSON.stringify({ ...record, installedAt: '2026-01-01T00:00:00Z', secrets: [] }),
  );
  return packagesDir;
}

/** A fake of `go install` / `gem install`: an executable lands in the bin directory the plan gives. */
function fakeInstaller(calls: string[][]): RunFn {
  return async (argv, opts) => {
    calls.push(argv);
    const binDir = opts?.env?.GOBIN ?? argv[argv.indexOf('--bindir') + 1]!;
    await mkdir(binDir, { recursive: true });
    const bin = path.join(binDir, argv[0] === 'go' ? 'weather-mcp' : 'notes-mcp');
    await writeFile(bin, '#!/bin/sh\n');
    await chmod(bin, 0o755);
  };
}

/** An installed Go module `weather-mcp` at v1.0.0 (its directory, and the packages folder holding it). */
async function goInstall(
  server?: (dir: string) => Record<string, unknown>,
): Promise<{ dir: string; packagesDir: string }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'upd-'));
  const dir = path.join(tmp, 'packages', 'weather-mcp');
  const packagesDir = await installed({
    name: 'weather-mcp',
    source: 'go:github.com/example/weather-mcp@v1.0.0',
    kind: 'go',
    package: 'github.com/example/weather-mcp',
    version: 'v1.0.0',
    dir,
    server: server?.(dir) ?? { command: `${dir}/bin/weather-mcp`, args: [] },
  });
  return { dir, packagesDir };
}

/** An installed gem `notes-mcp` 0.2.0, run with GEM_HOME and GEM_PATH in its directory (plus `env`). */
async function gemInstall(env: Record<string, string> = {}): Promise<{ dir: string; packagesDir: string }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'upd-'));
  const dir = path.join(tmp, 'packages', 'notes-mcp');
  const packagesDir = await installed({
    name: 'notes-mcp',
    source: 'gem:notes-mcp@0.2.0',
    kind: 'gem',
    package: 'notes-mcp',
    version: '0.2.0',
    dir,
    server: { command: `${dir}/bin/notes-mcp`, args: [], env: { GEM_HOME: dir, GEM_PATH: dir, ...env } },
  });
  return { dir, packagesDir };
}

const has = async (): Promise<boolean> => true;

describe('updating a cargo/go/gem/composer/PyPI install', () => {
  it('installs the new version beside the old one, verifies it, points the definition at it, then removes the old one', async () => {
    const { dir, packagesDir } = await goInstall((d) => ({
      command: `${d}/bin/weather-mcp`,
      args: [],
      env: { API_KEY: '${secret:WEATHER_KEY}' },
    }));
    const calls: string[][] = [];
    const verified: Array<Record<string, unknown>> = [];
    const changes: Array<Record<string, unknown>> = [];
    const r = await updateInstall(
      packagesDir,
      'weather-mcp',
      async (def) => {
        verified.push(def);
        // The old install is still there while the new one is being checked.
        expect(existsSync(path.join(dir, 'bin', 'marker'))).toBe(true);
        return ['forecast'];
      },
      {
        version: 'v1.1.0',
        context: { has },
        run: fakeInstaller(calls),
        apply: async (c) => void changes.push(c),
      },
    );
    const fresh = path.join(packagesDir, 'weather-mcp@v1.1.0');
    expect(calls).toEqual([['go', 'install', 'github.com/example/weather-mcp@v1.1.0']]);
    expect(verified).toEqual([
      { command: `${fresh}/bin/weather-mcp`, args: [], env: { API_KEY: '${secret:WEATHER_KEY}' } },
    ]);
    expect(r).toMatchObject({ name: 'weather-mcp', from: 'v1.0.0', to: 'v1.1.0', tools: ['forecast'] });
    expect(changes).toHaveLength(1);
    // What was verified is what config.yaml gets.
    expect(changes).toEqual(verified);
    expect(existsSync(dir)).toBe(false);
    const record = JSON.parse(
      await readFile(recordFile(packagesDir, 'weather-mcp'), 'utf8'),
    ) as InstallRecord;
    expect(record).toMatchObject({
      version: 'v1.1.0',
      dir: fresh,
      source: 'go:github.com/example/weather-mcp@v1.1.0',
      server: { command: `${fresh}/bin/weather-mcp` },
    });
  });

  it('builds the new definition from what config.yaml holds now: later edits kept, paths into the old directory moved', async () => {
    const { dir, packagesDir } = await goInstall();
    const current = {
      command: `${dir}/bin/weather-mcp`,
      args: ['--verbose'],
      env: { LOG: `${dir}/log`, OTHER: 'x' },
      cwd: dir,
      description: 'edited since the install',
    };
    const verified: Array<Record<string, unknown>> = [];
    const applied: Array<Record<string, unknown>> = [];
    await updateInstall(packagesDir, 'weather-mcp', async (def) => (verified.push(def), ['forecast']), {
      version: 'v1.1.0',
      context: { has },
      current,
      run: fakeInstaller([]),
      apply: async (server) => void applied.push(server),
    });
    const fresh = path.join(packagesDir, 'weather-mcp@v1.1.0');
    expect(verified).toEqual([
      {
        command: `${fresh}/bin/weather-mcp`,
        args: ['--verbose'],
        env: { LOG: `${fresh}/log`, OTHER: 'x' },
        cwd: fresh,
        description: 'edited since the install',
      },
    ]);
    expect(applied).toEqual(verified);
  });

  it('keeps arguments the user appended, paths into the old directory moved; the record keeps the generated ones', async () => {
    const { dir, packagesDir } = await goInstall();
    const current = { command: `${dir}/bin/weather-mcp`, args: ['--read-only', `${dir}/data`, '/srv/maps'] };
    const r = await updateInstall(packagesDir, 'weather-mcp', async () => ['forecast'], {
      version: 'v1.1.0',
      context: { has },
      current,
      run: fakeInstaller([]),
    });
    const fresh = path.join(packagesDir, 'weather-mcp@v1.1.0');
    expect(r.server.args).toEqual(['--read-only', `${fresh}/data`, '/srv/maps']);
    expect(r.warnings).toEqual([]);
    const record = JSON.parse(
      await readFile(recordFile(packagesDir, 'weather-mcp'), 'utf8'),
    ) as InstallRecord;
    expect(record.server.args).toEqual([]);
  });

  it('keeps the old install, record and definition when the new version does not list its tools', async () => {
    const { dir, packagesDir } = await gemInstall();
    const before = await readFile(recordFile(packagesDir, 'notes-mcp'), 'utf8');
    let applied = false;
    await expect(
      updateInstall(
        packagesDir,
        'notes-mcp',
        async () => {
          throw new Error('the server did not start and list its tools: exit 1');
        },
        {
          version: '0.3.0',
          context: { has },
          run: fakeInstaller([]),
          apply: async () => void (applied = true),
        },
      ),
    ).rejects.toThrow(/did not start/);
    expect(applied).toBe(false);
    expect(existsSync(path.join(dir, 'bin', 'marker'))).toBe(true);
    expect(existsSync(path.join(packagesDir, 'notes-mcp@0.3.0'))).toBe(false);
    expect(await readFile(recordFile(packagesDir, 'notes-mcp'), 'utf8')).toBe(before);
  });

  it('moves a gem environment into the new directory', async () => {
    const { packagesDir } = await gemInstall({ TOKEN: 't' });
    const verified: Array<Record<string, unknown>> = [];
    await updateInstall(packagesDir, 'notes-mcp', async (def) => (verified.push(def), ['note']), {
      version: '0.3.0',
      context: { has },
      run: fakeInstaller([]),
    });
    const fresh = path.join(packagesDir, 'notes-mcp@0.3.0');
    expect(verified[0]).toEqual({
      command: `${fresh}/bin/notes-mcp`,
      args: [],
      env: { GEM_HOME: fresh, GEM_PATH: fresh, TOKEN: 't' },
    });
  });

  it('gives a uvx-run PyPI server the new version (no files to install)', async () => {
    const packagesDir = await installed({
      name: 'mcp-server-fetch',
      source: 'pypi:mcp-server-fetch==1.0.0',
      kind: 'pypi',
      package: 'mcp-server-fetch',
      version: '1.0.0',
      server: { command: 'uvx', args: ['--from', 'mcp-server-fetch==1.0.0', 'mcp-server-fetch'] },
    });
    const calls: string[][] = [];
    const r = await updateInstall(packagesDir, 'mcp-server-fetch', async () => ['fetch'], {
      version: '1.1.0',
      context: { has: async (c) => c === 'uvx' },
      run: async (argv) => void calls.push(argv),
    });
    expect(calls).toEqual([['uvx', '--from', 'mcp-server-fetch==1.1.0', 'mcp-server-fetch', '--help']]);
    expect(r.server).toEqual({
      command: 'uvx',
      args: ['--from', 'mcp-server-fetch==1.1.0', 'mcp-server-fetch'],
    });
    expect(r.to).toBe('1.1.0');
  });

  it('says how to name a version when the registry cannot tell the latest, changing nothing', async () => {
    const { dir, packagesDir } = await goInstall();
    const before = await readFile(recordFile(packagesDir, 'weather-mcp'), 'utf8');
    // `go list -m` cannot reach the module proxy here (or go is missing): the latest version is unknown.
    const err = (await updateInstall(packagesDir, 'weather-mcp', async () => [], {
      context: { has },
      run: async () => {
        throw new Error('must not install');
      },
    }).then(
      () => ({ message: 'updated', hint: undefined }),
      (e: unknown) => e,
    )) as { message: string; hint?: string };
    expect(err.message).toMatch(/cannot tell the latest version of "weather-mcp"/);
    expect(err.hint).toBe('name one: mcp update weather-mcp --version <version>');
    expect(existsSync(path.join(dir, 'bin', 'marker'))).toBe(true);
    expect(await readFile(recordFile(packagesDir, 'weather-mcp'), 'utf8')).toBe(before);
  });
});

/** A uvx-run PyPI server `mcp-server-fetch` 1.0.0 (the install generated `--from mcp-server-fetch==1.0.0 mcp-server-fetch`). */
async function uvxInstall(): Promise<string> {
  return installed({
    name: 'mcp-server-fetch',
    source: 'pypi:mcp-server-fetch==1.0.0',
    kind: 'pypi',
    package: 'mcp-server-fetch',
    version: '1.0.0',
    server: { command: 'uvx', args: ['--from', 'mcp-server-fetch==1.0.0', 'mcp-server-fetch'] },
  });
}

/** Updates the uvx install above to 1.1.0 with `args` in config.yaml (`uvx --help` faked: PyPI is out of reach). */
async function updateUvx(args: string[]): Promise<{ server: Record<string, unknown>; warnings: string[] }> {
  const packagesDir = await uvxInstall();
  const r = await updateInstall(packagesDir, 'mcp-server-fetch', async () => ['fetch'], {
    version: '1.1.0',
    context: { has: async (c) => c === 'uvx' },
    current: { command: 'uvx', args },
    run: async () => undefined,
  });
  const record = JSON.parse(
    await readFile(recordFile(packagesDir, 'mcp-server-fetch'), 'utf8'),
  ) as InstallRecord;
  // The record keeps what the new install generated, so the next update tells the user's arguments apart.
  expect(record.server.args).toEqual(['--from', 'mcp-server-fetch==1.1.0', 'mcp-server-fetch']);
  return r;
}

describe('arguments the user added to an updated definition', () => {
  it('keeps appended arguments after the new generated ones', async () => {
    const r = await updateUvx([
      '--from',
      'mcp-server-fetch==1.0.0',
      'mcp-server-fetch',
      '--read-only',
      '/data',
    ]);
    expect(r.server.args).toEqual([
      '--from',
      'mcp-server-fetch==1.1.0',
      'mcp-server-fetch',
      '--read-only',
      '/data',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('keeps arguments put before and between the generated ones where they are', async () => {
    const r = await updateUvx([
      '--python',
      '3.12',
      '--from',
      'mcp-server-fetch==1.0.0',
      '--with',
      'certifi',
      'mcp-server-fetch',
      '--ignore-robots-txt',
    ]);
    expect(r.server.args).toEqual([
      '--python',
      '3.12',
      '--from',
      'mcp-server-fetch==1.1.0',
      '--with',
      'certifi',
      'mcp-server-fetch',
      '--ignore-robots-txt',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('swaps only the old version in when the generated arguments themselves were edited', async () => {
    const r = await updateUvx(['--from=mcp-server-fetch==1.0.0', 'mcp-server-fetch', '--read-only']);
    expect(r.server.args).toEqual(['--from=mcp-server-fetch==1.1.0', 'mcp-server-fetch', '--read-only']);
    expect(r.warnings).toEqual([]);
  });

  it('updates but warns, naming the server, when the edited arguments no longer hold the old version', async () => {
    const args = ['--from', 'git+https://example.com/fetch.git', 'mcp-server-fetch', '--read-only'];
    const r = await updateUvx(args);
    expect(r.server.args).toEqual(args);
    expect(r.warnings).toEqual([
      expect.stringMatching(/^"mcp-server-fetch": its args were changed since the install .*check them/),
    ]);
    expect(r.warnings[0]).toContain('["--from","mcp-server-fetch==1.1.0","mcp-server-fetch"]');
  });
});

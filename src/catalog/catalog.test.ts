import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFixtureRegistry, type FixtureRegistry } from '../../test/fixtures/registry/registry-server.js';

import { bundledCatalog } from './catalog.js';
import { categories, findEntry, loadCatalog, searchCatalog, syncCatalog } from './index.js';
import { validateServerJson } from './publish-rules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bundled catalog', () => {
  it('validates, follows the publishing rules, and has the required entries', async () => {
    const entries = await bundledCatalog(ROOT);
    for (const e of entries) {
      expect(
        validateServerJson(e.server).filter((f) => f.level === 'error'),
        e.id,
      ).toEqual([]);
    }
    expect(entries.map((e) => e.id)).toEqual(
      expect.arrayContaining([
        'snap-happy',
        'github',
        'docker',
        'stripe',
        'notion',
        'supabase',
        'memory',
        'fetch',
        'filesystem',
        'everything',
        'sequential-thinking',
        'postgres',
        'playwright',
        'brave-search',
        'slack',
        'echo',
        'todo',
        'weather',
      ]),
    );
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const github = findEntry(entries, 'github')!;
    expect(github.server.packages?.[0]?.environmentVariables?.[0]).toMatchObject({
      name: 'GITHUB_PERSONAL_ACCESS_TOKEN',
      isRequired: true,
      isSecret: true,
    });
    expect(findEntry(entries, 'io.github.modelcontextprotocol/server-memory')?.id).toBe('memory');
  });

  it('searches by words, best matches first, and counts categories', async () => {
    const entries = await bundledCatalog(ROOT);
    expect(searchCatalog(entries, 'postgres')[0]?.id).toBe('postgres');
    expect(searchCatalog(entries, 'payments').map((e) => e.id)).toEqual(['stripe']);
    expect(searchCatalog(entries, 'browser automation').map((e) => e.id)).toEqual(['playwright']);
    expect(searchCatalog(entries, 'no such thing at all')).toEqual([]);
    expect(categories(entries).find((c) => c.category === 'databases')?.count).toBe(2);
  });
});

describe('publish rules', () => {
  const good = {
    name: 'io.github.ann/notes',
    description: 'Notes.',
    version: '1.0.0',
    repository: { url: 'https://github.com/ann/notes', source: 'github' },
    packages: [
      {
        registryType: 'npm',
        identifier: 'ann-notes',
        version: '1.0.0',
        transport: { type: 'stdio' },
        environmentVariables: [{ name: 'NOTES_TOKEN', description: 'Token', isSecret: true }],
      },
    ],
  };

  it('accepts a good entry and names the path of each problem in a bad one', () => {
    expect(validateServerJson(good)).toEqual([]);
    const bad = {
      ...good,
      name: 'notes',
      version: 'latest',
      packages: [{ ...good.packages[0], version: '^1.0.0', environmentVariables: [{ name: 'API_KEY' }] }],
      remotes: [
        {
          type: 'streamable-http',
          url: 'http://notes.example.com/mcp',
          headers: [{ name: 'Authorization' }],
        },
      ],
    };
    const rules = [
      'version',
      'packages[0].version',
      'packages[0].environmentVariables[0].isSecret',
      'remotes[0].url',
      'remotes[0].headers[0].isSecret',
    ];
    // One run shows the format problem (the name) and every rule problem beside it.
    expect(
      validateServerJson(bad)
        .filter((f) => f.level === 'error')
        .map((f) => f.path),
    ).toEqual(['name', ...rules]);
    const findings = validateServerJson({ ...bad, name: 'io.github.ann/notes' });
    expect(findings.filter((f) => f.level === 'error').map((f) => f.path)).toEqual(rules);
    // A value of the wrong type is reported once, by the format check.
    const wrongType = validateServerJson({ ...good, version: 7 });
    expect(wrongType.map((f) => f.path)).toEqual(['version']);
  });
});

describe('catalog sync (against a local recorded registry: the real one is unreachable from tests)', () => {
  let registry: FixtureRegistry;
  beforeAll(async () => {
    registry = await startFixtureRegistry();
  });
  afterAll(() => registry.close());

  it('follows nextCursor and next_cursor, skips invalid entries, then syncs incrementally', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'mcp-catalog-'));
    const first = await syncCatalog({ cacheDir: cache, baseUrl: registry.url, policy: {} });
    expect(first).toMatchObject({ fetched: 4, total: 4, incremental: false });
    expect(first.invalid).toEqual([expect.stringContaining('broken entry without slash')]);
    expect(registry.requests.map((q) => new URLSearchParams(q).get('cursor'))).toEqual([null, 'c2', 'c3']);
    const all = await loadCatalog(ROOT, cache);
    // The registry's memory entry is the bundled one (same name): no duplicate.
    expect(all.filter((e) => e.server.name === 'io.github.modelcontextprotocol/server-memory')).toHaveLength(
      1,
    );
    expect(findEntry(all, 'kanban')).toMatchObject({ origin: 'registry', server: { version: '2.0.0' } });
    expect(searchCatalog(all, 'jira').map((e) => e.id)).toEqual(['jira-lite']);

    const second = await syncCatalog({ cacheDir: cache, baseUrl: registry.url, policy: {} });
    expect(second).toMatchObject({ incremental: true, fetched: 1, total: 4 });
    expect(new URLSearchParams(registry.requests.at(-1)!).get('updated_since')).toBe(first.syncedAt);
    expect(findEntry(await loadCatalog(ROOT, cache), 'weather-alerts')?.server.version).toBe('1.3.0');
  });

  it('keeps the path of a registry served under a prefix, and refuses a base URL that is not http(s)', async () => {
    const prefixed = await startFixtureRegistry('/mirror/registry');
    try {
      const cache = mkdtempSync(path.join(os.tmpdir(), 'mcp-catalog-'));
      const synced = await syncCatalog({ cacheDir: cache, baseUrl: `${prefixed.url}/`, policy: {} });
      expect(synced).toMatchObject({ fetched: 4, total: 4 });
    } finally {
      await prefixed.close();
    }
    for (const baseUrl of ['notaurl', 'ftp://registry.example.com']) {
      await expect(syncCatalog({ cacheDir: os.tmpdir(), baseUrl, policy: {} })).rejects.toMatchObject({
        name: 'UsageError',
        message: `"${baseUrl}" is not a registry URL`,
      });
    }
  });

  it('refuses a registry in a private network unless allowed', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'mcp-catalog-'));
    await expect(syncCatalog({ cacheDir: cache, baseUrl: 'http://10.0.0.9', policy: {} })).rejects.toThrow(
      /private network/,
    );
  });
});

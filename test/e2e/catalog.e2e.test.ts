/**
 * `mcp catalog` and `mcp publish validate` as a user runs them; sync runs against a local recorded registry
 * (the official one cannot be reached from test machines).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFixtureRegistry, type FixtureRegistry } from '../fixtures/registry/registry-server.js';

import { runCli, tempHome } from './cli-harness.js';

let registry: FixtureRegistry;
beforeAll(async () => {
  registry = await startFixtureRegistry();
});
afterAll(() => registry.close());

describe('mcp catalog', () => {
  it('lists, searches, shows and syncs', async () => {
    const home = await tempHome();
    const list = (await runCli(['catalog', 'list', '--json'], { home })).json<Array<{ id: string }>>();
    expect(list.length).toBeGreaterThanOrEqual(18);
    const found = (await runCli(['catalog', 'search', 'notion', '--json'], { home })).json<
      Array<{ id: string }>
    >();
    expect(found[0]?.id).toBe('notion');
    const shown = await runCli(['catalog', 'show', 'slack'], { home });
    expect(shown.stdout).toContain('SLACK_BOT_TOKEN (required) (secret)');
    expect((await runCli(['catalog', 'show', 'nope'], { home })).code).toBe(1);
    const cats = (await runCli(['catalog', 'categories', '--json'], { home })).json<
      Array<{ category: string }>
    >();
    expect(cats.map((c) => c.category)).toContain('databases');
    const byCategory = (
      await runCli(['catalog', 'list', '--category', 'databases', '--json'], { home })
    ).json<Array<{ category: string }>>();
    expect(byCategory.length).toBeGreaterThan(0);
    expect(byCategory.every((e) => e.category === 'databases')).toBe(true);
    const unknown = await runCli(['catalog', 'list', '--category', 'databse'], { home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no catalog entry has the category "databse"');
    expect(unknown.stderr).toMatch(/categories: .*databases/);

    const synced = await runCli(['catalog', 'sync', '--registry', registry.url, '--json'], { home });
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json()).toMatchObject({ fetched: 4, total: 4 });
    expect(synced.stderr).toMatch(/syncing: page 3, \d+ servers/);
    // Offline afterwards: the cache answers.
    const kanban = (await runCli(['catalog', 'search', 'kanban', '--json'], { home })).json<
      Array<{ id: string; origin: string }>
    >();
    expect(kanban).toEqual([expect.objectContaining({ id: 'kanban', origin: 'registry' })]);
  });

  it('validates a server.json and names every problem with its path', async () => {
    const home = await tempHome();
    const file = path.join(home, 'server.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'io.github.ann/notes',
        description: 'Notes.',
        version: '1.0.0',
        remotes: [{ type: 'sse', url: 'http://x.example/sse' }],
      }),
    );
    const bad = await runCli(['publish', 'validate', file], { home });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('remotes[0].url: remotes must use https://');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'io.github.ann/notes',
        description: 'Notes.',
        version: '1.0.0',
        repository: { url: 'https://github.com/ann/notes', source: 'github' },
        remotes: [{ type: 'sse', url: 'https://x.example/sse' }],
      }),
    );
    const good = await runCli(['publish', 'validate', file, '--json'], { home });
    expect(good.code, good.stderr).toBe(0);
    expect(good.json()).toMatchObject({ valid: true, findings: [] });
  });
});

import fs from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli, tempHome } from './cli-harness.js';

interface Info {
  id: string;
  file: string;
  reason: string;
}

describe('mcp backup', () => {
  it('creates, lists and restores a backup; the replaced state is kept as another backup', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    await runCli(['server', 'add', 'keep', '--', 'node', 'keep.js'], { home });
    await runCli(['secret', 'set', 'TOKEN', 'original-value-AAAA'], { home });
    const created = await runCli(['backup', 'create', '--json'], { home });
    expect(created.code, created.stderr).toBe(0);
    const { id } = created.json<Info>();
    expect(id).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]+$/);

    await runCli(['server', 'add', 'later', '--', 'node', 'later.js'], { home });
    await runCli(['secret', 'set', 'TOKEN', 'changed-value-BBBB'], { home });

    const restored = await runCli(['backup', 'restore', id, '--json'], { home });
    expect(restored.code, restored.stderr).toBe(0);
    const { safetyBackup } = restored.json<{ safetyBackup: Info }>();
    const names = (await runCli(['server', 'list', '--json'], { home }))
      .json<{ name: string }[]>()
      .map((s) => s.name);
    expect(names).toEqual(['keep']);
    // Secrets are sealed; their master key travels with them, so the restored value opens.
    expect(await fs.readFile(path.join(home, 'secrets', 'TOKEN'), 'utf8')).not.toContain('original');
    expect((await runCli(['secret', 'list', '--json'], { home })).json()).toEqual([
      { name: 'TOKEN', value: '****AAAA' },
    ]);

    const list = (await runCli(['backup', 'list', '--json'], { home })).json<Info[]>();
    expect(list.map((b) => b.id)).toEqual([safetyBackup.id, id]);
    expect(list[0]!.reason).toBe('pre-restore');

    // The safety backup brings the changed state back.
    expect((await runCli(['backup', 'restore', safetyBackup.id], { home })).code).toBe(0);
    const back = (await runCli(['server', 'list', '--json'], { home }))
      .json<{ name: string }[]>()
      .map((s) => s.name);
    expect(back).toEqual(['keep', 'later']);
  });

  it('refuses a backup that fails its checksum and changes nothing', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'a', '--', 'node', 'a.js'], { home });
    const { id, file } = (await runCli(['backup', 'create', '--json'], { home })).json<Info>();
    await runCli(['server', 'add', 'b', '--', 'node', 'b.js'], { home });
    const configBefore = await fs.readFile(path.join(home, 'config.yaml'), 'utf8');
    const bytes = await fs.readFile(file);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = bytes[mid]! ^ 0xff;
    await fs.writeFile(file, bytes);
    const res = await runCli(['backup', 'restore', id], { home });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(id);
    expect(await fs.readFile(path.join(home, 'config.yaml'), 'utf8')).toBe(configBefore);
    expect((await runCli(['backup', 'list', '--json'], { home })).json<Info[]>()).toHaveLength(1);
    const unknown = await runCli(['backup', 'restore', '20990101T000000Z-ffffff'], { home });
    expect(unknown.code).toBe(1);
  });
});

describe('storage backends from the CLI', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  it('init reports sqlite by default and postgres when MCP_DATABASE_URL is set', async () => {
    const home = await tempHome();
    expect((await runCli(['init', '--json'], { home })).json()).toMatchObject({ storage: 'sqlite' });
    const pg = await runCli(['init', '--json'], { home, env: { MCP_DATABASE_URL: url } });
    if (pg.code !== 0 && /ECONNREFUSED|connect/.test(pg.stderr)) {
      console.warn('PostgreSQL at 127.0.0.1:5432 does not answer: skipping the PostgreSQL half');
      return;
    }
    expect(pg.json()).toMatchObject({ storage: 'postgres' });
  });

  it('names the backend and hides the password when the database cannot be reached', async () => {
    const home = await tempHome();
    const res = await runCli(['init'], {
      home,
      env: { MCP_DATABASE_URL: 'postgres://admin:hunter2@127.0.0.1:1/x' },
    });
    expect(res.code).toBe(1);
    expect(res.stderr.toLowerCase()).toContain('postgres');
    expect(res.stderr).not.toContain('hunter2');
  });
});

describe('mcp config edit', () => {
  it('saves a valid edit and keeps an invalid one aside without touching config.yaml', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    const editor = path.join(home, 'editor.sh');
    await fs.writeFile(editor, '#!/bin/sh\nsed -i "s/port: 8090/port: 9999/" "$1"\n', { mode: 0o755 });
    const ok = await runCli(['config', 'edit'], { home, env: { EDITOR: editor } });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await runCli(['config', 'get', 'gateway.port'], { home })).stdout.trim()).toBe('9999');

    const before = await fs.readFile(path.join(home, 'config.yaml'), 'utf8');
    await fs.writeFile(editor, '#!/bin/sh\nsed -i "s/port: 9999/port: lots/" "$1"\n', { mode: 0o755 });
    const bad = await runCli(['config', 'edit'], { home, env: { EDITOR: editor } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('gateway.port');
    expect(bad.stderr).toMatch(/kept in .*config\.yaml/);
    expect(await fs.readFile(path.join(home, 'config.yaml'), 'utf8')).toBe(before);
  });
});

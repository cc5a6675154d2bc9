import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from './open-storage.js';
import { defineStorageSuite } from './storage.suite.js';

const tmp = await mkdtemp(path.join(os.tmpdir(), 'mcp-sqlite-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

let n = 0;
defineStorageSuite('sqlite storage', {
  async newDatabase() {
    const file = path.join(tmp, `db-${++n}`, 'state.db');
    return { open: (o) => openStorage({ sqlitePath: file, migrate: o?.migrate }) };
  },
});

describe('sqlite storage: files', () => {
  it('uses paths.stateDb and WAL', async () => {
    const home = path.join(tmp, 'home');
    const s = await openStorage({ paths: { stateDb: path.join(home, 'state.db') } });
    expect(s.backend).toBe('sqlite');
    await s.kv.set('a', '1');
    await s.close();
    const again = await openStorage({ paths: { stateDb: path.join(home, 'state.db') } });
    expect(await again.kv.get('a')).toBe('1');
    await again.close();
  });

  it('handles paths with spaces, # and ?', async () => {
    const file = path.join(tmp, 'we ird#dir?', 'state.db');
    const s = await openStorage({ sqlitePath: file });
    await s.kv.set('a', '1');
    await s.close();
    expect((await openStorage({ sqlitePath: file })).backend).toBe('sqlite');
  });

  it('wraps an unopenable file in StorageFailed naming the path', async () => {
    const blocker = path.join(tmp, 'not-a-dir');
    await writeFile(blocker, 'x');
    const err = await openStorage({ sqlitePath: path.join(blocker, 'state.db') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORAGE_FAILED', data: { backend: 'sqlite' } });
    expect((err as Error).message).toContain(blocker);
  });

  it('takes concurrent writes from another process on the same file', async () => {
    const file = path.join(tmp, 'shared', 'state.db');
    const s = await openStorage({ sqlitePath: file });
    const script = `
      const { openStorage } = await import(${JSON.stringify(path.resolve('src/store/open-storage.ts'))});
      const s = await openStorage({ sqlitePath: ${JSON.stringify(file)} });
      for (let i = 0; i < 200; i++) await s.audit.append({ at: i, actor: 'child', action: 'w', target: '', details: { i } });
      await s.close();`;
    const child = promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    for (let i = 0; i < 200; i++) {
      await s.audit.append({ at: i, actor: 'parent', action: 'w', target: '', details: { i } });
      await s.metrics.upsert({ bucket: 0, server: 'a', tool: 't', calls: 1, errors: 0, totalMs: 1 });
    }
    await child;
    const all = await s.audit.list({ limit: 1000 });
    expect(all.filter((e) => e.actor === 'child')).toHaveLength(200);
    expect(all.filter((e) => e.actor === 'parent')).toHaveLength(200);
    await s.close();
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from './open-storage.js';
import { defineStorageSuite } from './storage.suite.js';

// CI and dev machines run a trust-auth server here; MCP_TEST_DATABASE_URL points the suite elsewhere.
const DB_URL = process.env.MCP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOST = new URL(DB_URL).hostname;
const PORT = Number(new URL(DB_URL).port || 5432);

/** True when something accepts TCP connections on the test server's port. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const available = await answers(HOST, PORT);
if (!available) {
  console.warn(`Skipping the PostgreSQL storage tests: no server answers on ${HOST}:${PORT}.`);
}

const schemas: string[] = [];
afterAll(async () => {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
});

if (available) {
  defineStorageSuite('postgres storage', {
    async newDatabase() {
      const schema = `mcp_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { open: (o) => openStorage({ databaseUrl: DB_URL, schema, migrate: o?.migrate }) };
    },
  });
} else {
  describe.skip(`postgres storage (no server on ${HOST}:${PORT})`, () => {
    it('runs the shared suite', () => undefined);
  });
}

describe.runIf(available)('postgres storage: moving state', () => {
  it('loads a dump taken from SQLite, and SQLite loads it back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-move-'));
    const schema = `mcp_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const lite = await openStorage({ sqlitePath: path.join(dir, 'state.db') });
    const pgs = await openStorage({ databaseUrl: DB_URL, schema });
    try {
      await lite.apiKeys.create({ id: 'k', name: 'n', hash: 'h', prefix: 'p', scopes: ['x'], createdAt: 1 });
      await lite.audit.append({
        at: 2,
        actor: 'a',
        action: 'b',
        target: 'c',
        details: { nested: [true, null] },
      });
      await lite.toolCalls.record({
        at: 3,
        sessionId: 's',
        server: 'gh',
        tool: 't',
        durationMs: 4,
        ok: true,
      });
      await lite.metrics.upsert({ bucket: 60_000, server: 'gh', tool: 't', calls: 1, errors: 1, totalMs: 9 });
      const fromLite = await lite.dump();
      await pgs.load(fromLite);
      const fromPg = await pgs.dump();
      expect(fromPg.tables).toEqual(fromLite.tables);
      await lite.kv.set('x', 'gone after load');
      await lite.load(fromPg);
      expect((await lite.dump()).tables).toEqual(fromLite.tables);
    } finally {
      await lite.close();
      await pgs.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('postgres storage: connecting', () => {
  it('reports an unreachable server without the password', async () => {
    const err = await openStorage({ databaseUrl: 'postgres://app:hunter2secret@127.0.0.1:1/db' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'STORAGE_FAILED', data: { backend: 'postgres' } });
    const text = `${(err as Error).message} ${String((err as { hint?: string }).hint)} ${String((err as Error).cause)}`;
    expect(text).not.toContain('hunter2secret');
    expect((err as Error).message).toContain('postgres://app:***@127.0.0.1:1/db');
    expect((err as { hint?: string }).hint).toMatch(/MCP_DATABASE_URL/);
  });

  it('refuses URLs of other databases, redacted', async () => {
    const err = await openStorage({ databaseUrl: 'mysql://u:pw123456@h/db' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORAGE_FAILED' });
    expect((err as Error).message).not.toContain('pw123456');
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(openStorage({ databaseUrl: DB_URL, schema: 'Bad-Name' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it.runIf(available)('reports a wrong password or database without leaking it', async () => {
    const u = new URL(DB_URL);
    u.password = 'topsecretpw';
    u.pathname = '/no_such_db_here';
    const bad = u.toString();
    const err = await openStorage({ databaseUrl: bad }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORAGE_FAILED' });
    expect((err as Error).message).toMatch(/no_such_db_here/);
    expect((err as Error).message).not.toContain('topsecretpw');
  });
});

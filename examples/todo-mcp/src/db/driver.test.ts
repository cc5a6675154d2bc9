import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { backends, sqliteBackend, type TestDatabase } from '../../test/backends.js';
import { toPostgresPlaceholders } from './postgres.js';

describe.each(backends)('$name driver', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.open();
    await database.db.query('CREATE TABLE t (n INTEGER NOT NULL, s TEXT)');
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('binds ? parameters in order, including null', async () => {
    await database.db.query('INSERT INTO t (n, s) VALUES (?, ?), (?, ?)', [1, 'a', 2, null]);
    const rows = await database.db.query('SELECT n, s FROM t WHERE n >= ? ORDER BY n', [1]);
    expect(rows.map((r) => [Number(r.n), r.s])).toEqual([
      [1, 'a'],
      [2, null],
    ]);
  });

  it('commits a transaction that resolves', async () => {
    const value = await database.db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (n) VALUES (?)', [1]);
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(await database.db.query('SELECT n FROM t')).toHaveLength(1);
  });

  it('rolls back a transaction that throws', async () => {
    const failing = database.db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (n) VALUES (?)', [1]);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await database.db.query('SELECT n FROM t')).toEqual([]);
  });

  it('runs many concurrent transactions and queries without losing writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? database.db.transaction(async (tx) => {
              await tx.query('INSERT INTO t (n) VALUES (?)', [i]);
              await tx.query('INSERT INTO t (n) VALUES (?)', [i + 100]);
            })
          : database.db.query('INSERT INTO t (n) VALUES (?)', [i]),
      ),
    );
    expect(await database.db.query('SELECT n FROM t')).toHaveLength(30);
  });
});

describe('sqlite driver', () => {
  it('puts the database in WAL mode, so readers in other processes are not blocked by a writer', async () => {
    const database = await sqliteBackend.open();
    try {
      expect(await database.db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await database.dispose();
    }
  });
});

describe('toPostgresPlaceholders', () => {
  it('numbers placeholders from $1', () => {
    expect(toPostgresPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)');
    expect(toPostgresPlaceholders('SELECT 1')).toBe('SELECT 1');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { backends, type TestDatabase } from '../../test/backends.js';
import { TodoError, TodoErrorCode } from '../errors.js';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';

describe('MIGRATIONS', () => {
  it('are numbered 1..n and have a script for each dialect', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) {
      expect(m.up.sqlite.length).toBeGreaterThan(0);
      expect(m.up.postgres.length).toBeGreaterThan(0);
    }
  });
});

describe.each(backends)('migrate on $name', (backend) => {
  let database: TestDatabase;
  const now = () => new Date('2025-06-01T12:00:00.000Z');

  beforeEach(async () => {
    database = await backend.open();
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('applies every migration to an empty database and records each one', async () => {
    const report = await migrate(database.db, { now });
    expect(report).toEqual({ applied: [1, 2], version: 2 });
    const rows = await database.db.query(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    const appliedAt = rows[0]?.applied_at;
    expect(appliedAt instanceof Date ? appliedAt.toISOString() : appliedAt).toBe('2025-06-01T12:00:00.000Z');
  });

  it('does nothing the second time', async () => {
    await migrate(database.db);
    expect(await migrate(database.db)).toEqual({ applied: [], version: 2 });
  });

  it('applies only what is new, keeping existing data', async () => {
    const first = MIGRATIONS.slice(0, 1);
    expect(await migrate(database.db, { migrations: first })).toEqual({ applied: [1], version: 1 });
    await database.db.query(
      "INSERT INTO lists (name, created_at) VALUES ('kept', '2025-01-01T00:00:00.000Z')",
    );
    expect(await migrate(database.db)).toEqual({ applied: [2], version: 2 });
    expect(await database.db.query('SELECT name FROM lists')).toEqual([{ name: 'kept' }]);
  });

  it('runs concurrent migrators without applying anything twice', async () => {
    const reports = await Promise.all([migrate(database.db), migrate(database.db), migrate(database.db)]);
    expect(reports.flatMap((r) => r.applied).sort()).toEqual([1, 2]);
  });

  it('rolls back every pending migration when one fails', async () => {
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: 3,
        name: 'broken',
        up: {
          sqlite: ['CREATE TABLE x (a INT)', 'NOT SQL'],
          postgres: ['CREATE TABLE x (a INT)', 'NOT SQL'],
        },
      },
    ];
    await expect(migrate(database.db, { migrations: broken })).rejects.toThrow();
    // Nothing at all was applied, not even versions 1 and 2.
    await expect(database.db.query('SELECT 1 FROM lists')).rejects.toThrow();
    expect(await migrate(database.db)).toEqual({ applied: [1, 2], version: 2 });
  });

  it('refuses a database migrated by a newer build', async () => {
    await migrate(database.db);
    await database.db.query(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (3, 'future', ?)",
      [now().toISOString()],
    );
    const error = await migrate(database.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TodoError);
    expect(error).toMatchObject({
      code: TodoErrorCode.SchemaTooNew,
      data: { databaseVersion: 3, knownVersion: 2 },
    });
  });

  it('rejects a migration list with gaps', async () => {
    const gappy = [{ ...MIGRATIONS[0]!, version: 2 }];
    await expect(migrate(database.db, { migrations: gappy })).rejects.toMatchObject({
      code: TodoErrorCode.MigrationsInvalid,
    });
  });
});

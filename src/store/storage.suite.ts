/**
 * The behaviour every storage backend must show, as one suite that each backend's test file runs
 * against its own databases.
 * @module
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { LATEST_SCHEMA_VERSION } from './migrations.js';
import type { StorageDump } from './dump-schema.js';
import { defineRecordTests } from './storage-records.suite.js';
import type { Storage } from './types.js';

/** One empty database; `open` may be called more than once to get several instances on it. */
export interface StorageTarget {
  open(options?: { migrate?: boolean }): Promise<Storage>;
}

/** What a backend's test file supplies. */
export interface StorageSuiteFactory {
  /** A new, empty database. */
  newDatabase(): Promise<StorageTarget>;
}

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0);

/** Registers the shared storage tests under `describe(name)`. */
export function defineStorageSuite(name: string, factory: StorageSuiteFactory): void {
  describe(name, () => {
    const opened: Storage[] = [];
    async function fresh(options?: { migrate?: boolean }): Promise<Storage> {
      const s = await (await factory.newDatabase()).open(options);
      opened.push(s);
      return s;
    }
    async function twoOnOneDatabase(options?: { migrate?: boolean }): Promise<[Storage, Storage]> {
      const target = await factory.newDatabase();
      const a = await target.open(options);
      opened.push(a);
      const b = await target.open(options);
      opened.push(b);
      return [a, b];
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    describe('migrations', () => {
      it('starts at version 0 and migrates to the latest version', async () => {
        const s = await fresh({ migrate: false });
        expect(await s.currentVersion()).toBe(0);
        expect(await s.migrate()).toBe(LATEST_SCHEMA_VERSION);
        expect(await s.currentVersion()).toBe(LATEST_SCHEMA_VERSION);
      });

      it('is idempotent and keeps data', async () => {
        const s = await fresh();
        await s.kv.set('k', 'v');
        expect(await s.migrate()).toBe(LATEST_SCHEMA_VERSION);
        expect(await s.migrate()).toBe(LATEST_SCHEMA_VERSION);
        expect(await s.kv.get('k')).toBe('v');
      });

      it('survives two instances migrating the same database at once', async () => {
        const [a, b] = await twoOnOneDatabase({ migrate: false });
        expect(await Promise.all([a.migrate(), b.migrate()])).toEqual([
          LATEST_SCHEMA_VERSION,
          LATEST_SCHEMA_VERSION,
        ]);
        await a.kv.set('x', '1');
        expect(await b.kv.get('x')).toBe('1');
      });
    });

    defineRecordTests(fresh);

    describe('dump and load', () => {
      async function populate(s: Storage): Promise<void> {
        await s.apiKeys.create({ id: 'k1', name: 'n', hash: 'h', prefix: 'p', scopes: ['a'], createdAt: T0 });
        await s.apiKeys.revoke('k1', T0 + 1);
        await s.audit.append({
          at: T0,
          actor: 'ann',
          action: 'a.b',
          target: 't',
          details: { deep: [1, { x: null }] },
        });
        await s.audit.append({ at: T0 + 1, actor: 'bob', action: 'a.c', target: '', details: 'str' });
        await s.toolCalls.record({
          at: T0,
          sessionId: 's',
          server: 'gh',
          tool: 't',
          durationMs: 5,
          ok: false,
          error: 'e',
        });
        await s.metrics.upsert({ bucket: T0, server: 'gh', tool: 't', calls: 4, errors: 1, totalMs: 40 });
        await s.toolPins.set({ server: 'gh', tool: 't', hash: 'x', pinnedAt: T0 });
        await s.kv.set('theme', 'dark');
      }

      it('round-trips every table through JSON into another database', async () => {
        const src = await fresh();
        await populate(src);
        const dump = await src.dump();
        expect(dump.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
        expect(dump.tables.audit).toHaveLength(2);

        const dst = await fresh();
        await dst.kv.set('stale', 'gone after load');
        await dst.load(JSON.parse(JSON.stringify(dump)) as StorageDump);
        const again = await dst.dump();
        expect(again.tables).toEqual(dump.tables);
        expect(await dst.kv.get('stale')).toBeUndefined();

        // New rows continue after the loaded ids instead of colliding with them.
        const next = await dst.audit.append({ at: T0 + 9, actor: 'c', action: 'x', target: '', details: {} });
        expect(next.id).toBeGreaterThan(Math.max(...dump.tables.audit.map((e) => e.id)));
        await dst.toolCalls.record({
          at: T0 + 9,
          sessionId: 's',
          server: 'gh',
          tool: 't',
          durationMs: 1,
          ok: true,
        });
      });

      it('refuses a dump from a newer schema and changes nothing', async () => {
        const s = await fresh();
        await populate(s);
        const before = await s.dump();
        const newer: StorageDump = {
          ...before,
          schemaVersion: LATEST_SCHEMA_VERSION + 1,
          tables: { ...before.tables, kv: [] },
        };
        const err = await s.load(newer).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PlatformError);
        expect((err as PlatformError).code).toBe(PlatformErrorCode.StorageFailed);
        expect((err as PlatformError).message).toMatch(/newer/);
        expect((await s.dump()).tables).toEqual(before.tables);
      });

      it('rejects a malformed dump and leaves data alone', async () => {
        const s = await fresh();
        await s.kv.set('a', '1');
        const bad = {
          format: 1,
          schemaVersion: 1,
          takenAt: T0,
          tables: { kv: 'nope' },
        } as unknown as StorageDump;
        await expect(s.load(bad)).rejects.toMatchObject({ code: PlatformErrorCode.InvalidInput });
        expect(await s.kv.get('a')).toBe('1');
      });

      it('loads all or nothing', async () => {
        const s = await fresh();
        await s.kv.set('a', '1');
        const dump = await s.dump();
        // Two keys with the same hash violate a constraint halfway through the load.
        const key = {
          id: 'x',
          name: 'n',
          hash: 'same',
          prefix: 'p',
          scopes: [],
          createdAt: T0,
          lastUsedAt: null,
          revokedAt: null,
        };
        const broken: StorageDump = {
          ...dump,
          tables: { ...dump.tables, kv: [], apiKeys: [key, { ...key, id: 'y' }] },
        };
        await expect(s.load(broken)).rejects.toMatchObject({ code: PlatformErrorCode.StorageFailed });
        expect(await s.kv.get('a')).toBe('1');
      });
    });

    describe('concurrency', () => {
      it('accepts interleaved writes from two instances on one database', async () => {
        const [a, b] = await twoOnOneDatabase();
        const writes = (s: Storage, actor: string) =>
          Array.from({ length: 40 }, (_, i) =>
            Promise.all([
              s.audit.append({ at: T0 + i, actor, action: 'w', target: '', details: { i } }),
              s.metrics.upsert({ bucket: T0, server: 'gh', tool: 't', calls: 1, errors: 0, totalMs: 2 }),
            ]),
          );
        await Promise.all([...writes(a, 'a'), ...writes(b, 'b')]);
        const entries = await a.audit.list({ limit: 1000 });
        expect(entries).toHaveLength(80);
        expect(new Set(entries.map((e) => e.id)).size).toBe(80);
        expect(await b.metrics.query({ from: T0, to: T0 + MIN })).toEqual([
          { bucket: T0, server: 'gh', tool: 't', calls: 80, errors: 0, totalMs: 160 },
        ]);
      });
    });
  });
}

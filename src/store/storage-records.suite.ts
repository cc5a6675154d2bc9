/**
 * The record-store half of the shared storage suite: API keys, audit, tool calls, metrics, pins, kv.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { Storage } from './types.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0);

/** Registers the record-store tests; `fresh` opens a new, migrated, empty storage. */
export function defineRecordTests(fresh: () => Promise<Storage>): void {
  describe('apiKeys', () => {
    const key = {
      id: 'k1',
      name: 'ci',
      hash: 'h1',
      prefix: 'mcp_ab',
      scopes: ['read', 'call'],
      createdAt: T0,
    };

    it('creates, lists and finds by hash', async () => {
      const s = await fresh();
      const created = await s.apiKeys.create(key);
      expect(created).toEqual({ ...key, lastUsedAt: null, revokedAt: null });
      await s.apiKeys.create({ ...key, id: 'k2', hash: 'h2', createdAt: T0 + 1 });
      expect((await s.apiKeys.list()).map((k) => k.id)).toEqual(['k1', 'k2']);
      expect(await s.apiKeys.findByHash('h1')).toEqual(created);
      expect(await s.apiKeys.findByHash('nope')).toBeUndefined();
    });

    it('revokes once and records use', async () => {
      const s = await fresh();
      await s.apiKeys.create(key);
      expect(await s.apiKeys.touch('k1', T0 + 5)).toBe(true);
      expect(await s.apiKeys.revoke('k1', T0 + 10)).toBe(true);
      expect(await s.apiKeys.revoke('k1', T0 + 20)).toBe(false);
      expect(await s.apiKeys.revoke('missing')).toBe(false);
      expect(await s.apiKeys.touch('missing', T0)).toBe(false);
      expect(await s.apiKeys.findByHash('h1')).toMatchObject({ lastUsedAt: T0 + 5, revokedAt: T0 + 10 });
    });

    it('rejects a duplicate hash with StorageFailed', async () => {
      const s = await fresh();
      await s.apiKeys.create(key);
      const err = await s.apiKeys.create({ ...key, id: 'k2' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PlatformError);
      expect((err as PlatformError).code).toBe(PlatformErrorCode.StorageFailed);
      expect((err as PlatformError).data).toMatchObject({ backend: s.backend });
    });
  });

  describe('audit', () => {
    it('lists newest first with filters and a limit, keeping JSON details', async () => {
      const s = await fresh();
      const base = { actor: 'ann', target: 'github' };
      await s.audit.append({ ...base, at: T0, action: 'server.add', details: { env: ['A'], n: 1 } });
      await s.audit.append({ ...base, at: T0 + 2, action: 'server.remove', details: 'text' });
      await s.audit.append({ ...base, at: T0 + 1, action: 'server.add', details: null });
      const all = await s.audit.list();
      expect(all.map((e) => e.at)).toEqual([T0 + 2, T0 + 1, T0]);
      expect(all[2]?.details).toEqual({ env: ['A'], n: 1 });
      expect(all[0]?.details).toBe('text');
      expect((await s.audit.list({ action: 'server.add' })).map((e) => e.at)).toEqual([T0 + 1, T0]);
      expect((await s.audit.list({ since: T0 + 1 })).map((e) => e.at)).toEqual([T0 + 2, T0 + 1]);
      expect(await s.audit.list({ limit: 1 })).toHaveLength(1);
      await expect(s.audit.list({ limit: 0 })).rejects.toMatchObject({
        code: PlatformErrorCode.InvalidInput,
      });
    });

    it('orders entries with the same time by insertion, newest first', async () => {
      const s = await fresh();
      const a = await s.audit.append({ at: T0, actor: 'a', action: 'x', target: '', details: {} });
      const b = await s.audit.append({ at: T0, actor: 'b', action: 'x', target: '', details: {} });
      expect(b.id).toBeGreaterThan(a.id);
      expect((await s.audit.list()).map((e) => e.actor)).toEqual(['b', 'a']);
    });
  });

  describe('toolCalls', () => {
    it('records calls and lists them newest first, filtered', async () => {
      const s = await fresh();
      const call = { sessionId: 's1', server: 'gh', tool: 'search', durationMs: 12, ok: true };
      const first = await s.toolCalls.record({ ...call, at: T0 });
      expect(first).toMatchObject({ ...call, at: T0, error: null });
      await s.toolCalls.record({ ...call, at: T0 + 1, ok: false, error: 'boom', durationMs: 3.6 });
      await s.toolCalls.record({ ...call, at: T0 + 2, server: 'fs', tool: 'read' });
      const all = await s.toolCalls.list();
      expect(all.map((c) => c.at)).toEqual([T0 + 2, T0 + 1, T0]);
      expect(all[1]).toMatchObject({ ok: false, error: 'boom', durationMs: 4 });
      expect(all[2]?.ok).toBe(true);
      expect((await s.toolCalls.list({ server: 'gh', tool: 'search' })).map((c) => c.at)).toEqual([
        T0 + 1,
        T0,
      ]);
      expect(await s.toolCalls.list({ server: 'gh', limit: 1 })).toHaveLength(1);
    });
  });

  describe('metrics', () => {
    it('adds upserts for the same bucket, server and tool', async () => {
      const s = await fresh();
      const row = { bucket: T0, server: 'gh', tool: 'search' };
      await s.metrics.upsert({ ...row, calls: 2, errors: 0, totalMs: 30 });
      await s.metrics.upsert({ ...row, calls: 3, errors: 1, totalMs: 70 });
      await s.metrics.upsert({ ...row, tool: 'get', calls: 1, errors: 0, totalMs: 5 });
      expect(await s.metrics.query({ from: T0, to: T0 + MIN })).toEqual([
        { ...row, tool: 'get', calls: 1, errors: 0, totalMs: 5 },
        { ...row, calls: 5, errors: 1, totalMs: 100 },
      ]);
    });

    it('queries a half-open range and one server', async () => {
      const s = await fresh();
      for (const [i, server] of ['a', 'b', 'a'].entries()) {
        await s.metrics.upsert({
          bucket: T0 + i * MIN,
          server,
          tool: 't',
          calls: 1,
          errors: 0,
          totalMs: 1,
        });
      }
      expect((await s.metrics.query({ from: T0, to: T0 + 2 * MIN })).map((m) => m.server)).toEqual([
        'a',
        'b',
      ]);
      expect(
        (await s.metrics.query({ from: T0, to: T0 + 3 * MIN, server: 'a' })).map((m) => m.bucket),
      ).toEqual([T0, T0 + 2 * MIN]);
    });

    it('rejects a bucket that is not the start of a minute', async () => {
      const s = await fresh();
      await expect(
        s.metrics.upsert({ bucket: T0 + 1, server: 'a', tool: 't', calls: 1, errors: 0, totalMs: 1 }),
      ).rejects.toMatchObject({ code: PlatformErrorCode.InvalidInput });
    });
  });

  describe('toolPins', () => {
    it('sets, replaces, lists and removes pins', async () => {
      const s = await fresh();
      await s.toolPins.set({ server: 'gh', tool: 'search', hash: 'h1', pinnedAt: T0 });
      await s.toolPins.set({ server: 'gh', tool: 'search', hash: 'h2', pinnedAt: T0 + 1 });
      await s.toolPins.set({ server: 'gh', tool: 'get', hash: 'h3', pinnedAt: T0 });
      await s.toolPins.set({ server: 'fs', tool: 'read', hash: 'h4', pinnedAt: T0 });
      expect(await s.toolPins.get('gh', 'search')).toEqual({
        server: 'gh',
        tool: 'search',
        hash: 'h2',
        pinnedAt: T0 + 1,
      });
      expect(await s.toolPins.get('gh', 'nope')).toBeUndefined();
      expect((await s.toolPins.list()).map((p) => `${p.server}/${p.tool}`)).toEqual([
        'fs/read',
        'gh/get',
        'gh/search',
      ]);
      expect((await s.toolPins.list('gh')).map((p) => p.tool)).toEqual(['get', 'search']);
      expect(await s.toolPins.remove('gh', 'get')).toBe(1);
      expect(await s.toolPins.remove('gh')).toBe(1);
      expect((await s.toolPins.list()).map((p) => p.server)).toEqual(['fs']);
    });
  });

  describe('kv', () => {
    it('gets, sets, overwrites and deletes', async () => {
      const s = await fresh();
      expect(await s.kv.get('a')).toBeUndefined();
      await s.kv.set('a', '1');
      await s.kv.set('a', '2');
      expect(await s.kv.get('a')).toBe('2');
      expect(await s.kv.delete('a')).toBe(true);
      expect(await s.kv.delete('a')).toBe(false);
      expect(await s.kv.get('a')).toBeUndefined();
    });
  });
}

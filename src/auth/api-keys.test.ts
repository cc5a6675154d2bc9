import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openStorage, type Storage } from '../store/index.js';

import {
  ApiKeyVerifier,
  createApiKey,
  generateKey,
  hashKey,
  KEY_CACHE_MS,
  keysIn,
  revokeApiKey,
} from './api-keys.js';

describe('API keys', () => {
  let storage: Storage;
  beforeEach(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keys-'));
    storage = await openStorage({ sqlitePath: path.join(dir, 'state.db') });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('generates 256-bit keys and stores only their hash', async () => {
    const a = generateKey();
    const b = generateKey();
    expect(a.key).toMatch(/^mcp_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    const { key, record } = await createApiKey(storage.apiKeys, { name: 'cursor' });
    expect(record.hash).toBe(hashKey(key));
    const dump = JSON.stringify(await storage.dump());
    expect(dump).not.toContain(key);
    expect(record.scopes).toEqual(['mcp']);
  });

  it('verifies valid keys, refuses unknown, revoked and out-of-scope ones', async () => {
    let now = 1_000_000;
    const verifier = new ApiKeyVerifier(storage.apiKeys, () => now);
    const { key, record } = await createApiKey(storage.apiKeys, { name: 'claude' });
    expect((await verifier.verify(key, 'mcp'))?.id).toBe(record.id);
    expect(await verifier.verify(key, 'admin')).toBeUndefined();
    expect(await verifier.verify(key + 'x', 'mcp')).toBeUndefined();
    expect(await verifier.verify('Bearer nonsense', 'mcp')).toBeUndefined();
    const admin = await createApiKey(storage.apiKeys, { name: 'ops', scopes: ['admin'] });
    expect(await verifier.verify(admin.key, 'mcp')).toBeDefined();
    await revokeApiKey(storage.apiKeys, 'claude');
    // Remembered for KEY_CACHE_MS (a revocation by another process is seen once that passes) ...
    expect(await verifier.verify(key, 'mcp')).toBeDefined();
    now += KEY_CACHE_MS + 1;
    expect(await verifier.verify(key, 'mcp')).toBeUndefined();
    expect((await storage.apiKeys.list()).find((k) => k.id === record.id)?.lastUsedAt).not.toBeNull();
    // ... unless this process revoked it and said so.
    expect(await verifier.verify(admin.key, 'mcp')).toBeDefined();
    await revokeApiKey(storage.apiKeys, 'ops');
    verifier.forget(admin.record.id);
    expect(await verifier.verify(admin.key, 'mcp')).toBeUndefined();
  });

  it('finds keys in a client file, once each, and nothing that only looks like one', () => {
    const a = generateKey().key;
    const b = generateKey().key;
    const text = `{"headers":{"Authorization":"Bearer ${a}"},"env":{"L":"${a}"},"x":"${b}x","y":"mcp_short"}`;
    expect(keysIn(text)).toEqual([a]);
    expect(keysIn(`${a}\n${b}`)).toEqual([a, b]);
    expect(keysIn('no keys here')).toEqual([]);
  });

  it('recalls a key verified just now without the store, as identify would answer', async () => {
    let now = 2_000_000;
    const verifier = new ApiKeyVerifier(storage.apiKeys, () => now);
    const { key, record } = await createApiKey(storage.apiKeys, { name: 'cursor' });
    expect(verifier.recall(key)).toBeUndefined(); // never verified here
    expect((await verifier.identify(key))?.id).toBe(record.id);
    expect(verifier.recall(key)?.id).toBe(record.id);
    expect(verifier.recall(key + 'x')).toBeUndefined();
    now += KEY_CACHE_MS + 1;
    expect(verifier.recall(key)).toBeUndefined(); // stale: identify asks the store again
    expect((await verifier.identify(key))?.id).toBe(record.id);
    // With a cache longer than the minute between last-use writes, a due write sends recall to identify.
    const lasting = new ApiKeyVerifier(storage.apiKeys, () => now, 120_000);
    await lasting.identify(key);
    const used = (await storage.apiKeys.list()).find((k) => k.id === record.id)?.lastUsedAt;
    now += 30_000;
    expect(lasting.recall(key)?.id).toBe(record.id);
    now += 30_001;
    expect(lasting.recall(key)).toBeUndefined();
    expect((await lasting.identify(key))?.id).toBe(record.id);
    expect((await storage.apiKeys.list()).find((k) => k.id === record.id)?.lastUsedAt).not.toBe(used);
    expect(lasting.recall(key)?.id).toBe(record.id);
    verifier.forget(record.id);
    expect(verifier.recall(key)).toBeUndefined();
  });

  it('rejects bad names, unknown scopes, duplicate active names and unknown revocations', async () => {
    await expect(createApiKey(storage.apiKeys, { name: '' })).rejects.toThrow(/invalid key name/);
    await expect(createApiKey(storage.apiKeys, { name: 'x', scopes: ['root'] })).rejects.toThrow(
      /unknown scope/,
    );
    await createApiKey(storage.apiKeys, { name: 'dup' });
    await expect(createApiKey(storage.apiKeys, { name: 'dup' })).rejects.toThrow(/already exists/);
    await expect(revokeApiKey(storage.apiKeys, 'nope')).rejects.toThrow(/no active key/);
    await revokeApiKey(storage.apiKeys, 'dup');
    await expect(createApiKey(storage.apiKeys, { name: 'dup' })).resolves.toBeDefined();
  });
});

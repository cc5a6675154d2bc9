import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { maskSecret, SecretStore } from '../config/secrets.js';

import type { Keyring } from './master-key.js';
import { keyFromEnv } from './master-key.js';
import { open, seal } from './sealed.js';

const KEY = Buffer.alloc(32, 7);
const home = (): string => mkdtempSync(path.join(os.tmpdir(), 'mcp-secrets-'));

describe('sealed values', () => {
  it('round-trip, and refuse another name, another key or a changed byte', () => {
    const sealed = seal(KEY, 'TOKEN', 'hunter2-value');
    expect(sealed).toMatch(/^mcp1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('hunter2');
    expect(open(KEY, 'TOKEN', sealed)).toBe('hunter2-value');
    expect(seal(KEY, 'TOKEN', 'hunter2-value')).not.toBe(sealed); // a fresh nonce each time
    expect(() => open(KEY, 'OTHER', sealed)).toThrow();
    expect(() => open(Buffer.alloc(32, 8), 'TOKEN', sealed)).toThrow();
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(() => open(KEY, 'TOKEN', flipped)).toThrow();
  });

  it('takes MCP_MASTER_KEY as hex, base64 or a passphrase', () => {
    expect(keyFromEnv('07'.repeat(32))).toEqual(KEY);
    expect(keyFromEnv(KEY.toString('base64'))).toEqual(KEY);
    expect(keyFromEnv('correct horse battery staple')).toHaveLength(32);
    expect(keyFromEnv('correct horse battery staple')).toEqual(keyFromEnv('correct horse battery staple'));
  });
});

describe('SecretStore at rest', () => {
  it('stores values sealed under a 0600 key file and never in plain text', async () => {
    const h = home();
    const store = new SecretStore(path.join(h, 'secrets'), { envKey: undefined, keyring: null });
    await store.set('API_TOKEN', 'plain-canary-4242');
    const raw = readFileSync(path.join(h, 'secrets', 'API_TOKEN'), 'utf8');
    expect(raw.startsWith('mcp1:')).toBe(true);
    expect(raw).not.toContain('plain-canary-4242');
    expect(statSync(path.join(h, 'secrets', '.master.key')).mode & 0o777).toBe(0o600);
    expect(await store.get('API_TOKEN')).toBe('plain-canary-4242');
    expect(await store.list()).toEqual(['API_TOKEN']);
    expect(await store.keyDescription()).toMatchObject({ source: 'file' });
    // A second store (another process) opens it with the same key file.
    expect(
      await new SecretStore(path.join(h, 'secrets'), { envKey: undefined, keyring: null }).get('API_TOKEN'),
    ).toBe('plain-canary-4242');
  });

  it('seals the plaintext secrets of an older home on first read', async () => {
    const h = home();
    mkdirSync(path.join(h, 'secrets'), { recursive: true });
    writeFileSync(path.join(h, 'secrets', 'OLD'), 'legacy-plain-value', { mode: 0o600 });
    const store = new SecretStore(path.join(h, 'secrets'), { envKey: undefined, keyring: null });
    expect(await store.get('OLD')).toBe('legacy-plain-value');
    expect(readFileSync(path.join(h, 'secrets', 'OLD'), 'utf8')).not.toContain('legacy-plain-value');
    expect(await store.get('OLD')).toBe('legacy-plain-value');
  });

  it('uses MCP_MASTER_KEY when set, and names the key mismatch when another key is at hand', async () => {
    const h = home();
    const withEnv = new SecretStore(path.join(h, 'secrets'), {
      envKey: 'the right passphrase',
      keyring: null,
    });
    await withEnv.set('X', 'value-sealed-with-env');
    expect(await withEnv.keyDescription()).toMatchObject({ source: 'env' });
    const wrong = new SecretStore(path.join(h, 'secrets'), { envKey: 'a wrong passphrase', keyring: null });
    await expect(wrong.get('X')).rejects.toMatchObject({
      code: 'SECRET_KEY_UNAVAILABLE',
      message: expect.stringMatching(/sealed with another master key \(env, fingerprint [0-9a-f]{16}\)/),
    });
  });

  it('keeps the key in the OS keyring when one answers (a test double: no keyring service runs here)', async () => {
    const h = home();
    const entries = new Map<string, string>();
    const keyring: Keyring = {
      get: async (a) => entries.get(a),
      set: async (a, v) => void entries.set(a, v),
    };
    const store = new SecretStore(path.join(h, 'secrets'), { envKey: undefined, keyring });
    await store.set('K', 'kept-in-keyring-value');
    expect(entries.size).toBe(1);
    expect(await store.keyDescription()).toMatchObject({ source: 'keyring' });
    expect(() => statSync(path.join(h, 'secrets', '.master.key'))).toThrow();
    const failing: Keyring = {
      get: async () => Promise.reject(new Error('AccessDenied')),
      set: async () => undefined,
    };
    const fallback = new SecretStore(path.join(home(), 'secrets'), { envKey: undefined, keyring: failing });
    await fallback.set('K', 'v-with-fallback');
    expect(await fallback.keyDescription()).toMatchObject({ source: 'file' });
  });

  it('masks values to their last four characters', () => {
    expect(maskSecret('ghp_abcdefghijkl1234')).toBe('****1234');
    expect(maskSecret('short')).toBe('****');
  });
});

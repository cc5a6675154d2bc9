/**
 * The master key that seals secrets at rest. Sources, first match wins:
 * 1. `MCP_MASTER_KEY` (explicit: servers, CI, containers) — 32 bytes as base64/hex, or any passphrase
 *    (stretched with scrypt);
 * 2. the OS keyring (macOS Keychain, Windows Credential Manager, the Secret Service over D-Bus on Linux —
 *    never the kernel keyring, which forgets at reboot) through `@napi-rs/keyring`, when one answers;
 * 3. a key file `MCP_HOME/secrets/.master.key`, mode 0600, created on first use (it travels with the
 *    secrets in backups; it keeps values out of plain sight, while real separation needs 1 or 2).
 * Which source sealed a home is recorded (with a fingerprint of the key, never the key) in
 * `MCP_HOME/secrets/.key.json`, so a missing or wrong key is reported precisely instead of as garbage.
 * @module
 */
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-write.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

/** Where a master key came from. */
export type KeySource = 'env' | 'keyring' | 'file';

/** A resolved master key. */
export interface MasterKey {
  readonly key: Buffer;
  readonly source: KeySource;
  /** First 16 hex digits of SHA-256(key): identifies the key without revealing it. */
  readonly fingerprint: string;
}

/** The OS keyring, as far as the key needs it (injected in tests). */
export interface Keyring {
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
}

/** Options of {@link resolveMasterKey}. */
export interface MasterKeyOptions {
  /** The platform home (keyring account). */
  home: string;
  /** The key file. */
  keyFile: string;
  /** `MCP_MASTER_KEY`, if set. */
  envKey?: string | undefined;
  /** The keyring to try; `null` skips it. Default: `@napi-rs/keyring` when it loads and answers. */
  keyring?: Keyring | null;
}

const SERVICE = 'mcp-platform';

function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The 32-byte key of an `MCP_MASTER_KEY` value. */
export function keyFromEnv(value: string): Buffer {
  const trimmed = value.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b64 = Buffer.from(trimmed, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(trimmed)) return b64;
  return scryptSync(trimmed, 'mcp-platform/master-key/v1', 32);
}

/** The OS keyring through `@napi-rs/keyring`, or undefined when there is none that answers. */
async function systemKeyring(): Promise<Keyring | undefined> {
  try {
    const { Entry } = await import('@napi-rs/keyring');
    // On Linux only the Secret Service is durable: the kernel keyring (keyutils) forgets at logout or reboot,
    // and with it every secret. Pinned, an absent Secret Service throws instead of falling back to it.
    const options = { linux: { store: 'secret-service' as const } };
    const probe = new Entry(SERVICE, 'probe', options);
    probe.getPassword(); // throws without a reachable keyring service
    return {
      get: async (account) => new Entry(SERVICE, account, options).getPassword() ?? undefined,
      set: async (account, value) => new Entry(SERVICE, account, options).setPassword(value),
    };
  } catch {
    return undefined;
  }
}

/** Resolves (creating when needed) the master key of a home. */
export async function resolveMasterKey(o: MasterKeyOptions): Promise<MasterKey> {
  if (o.envKey) {
    const key = keyFromEnv(o.envKey);
    return { key, source: 'env', fingerprint: fingerprint(key) };
  }
  const { keyFile } = o;
  const fromFile = await fs.readFile(keyFile, 'utf8').catch(() => undefined);
  if (fromFile !== undefined) {
    const key = Buffer.from(fromFile.trim(), 'base64');
    if (key.length !== 32) {
      throw new PlatformError(
        PlatformErrorCode.SecretKeyUnavailable,
        `${keyFile} does not hold a 32-byte key`,
        {
          file: keyFile,
        },
      );
    }
    return { key, source: 'file', fingerprint: fingerprint(key) };
  }
  const keyring = o.keyring === null ? undefined : (o.keyring ?? (await systemKeyring()));
  const account = `home:${createHash('sha256').update(path.resolve(o.home)).digest('hex').slice(0, 24)}`;
  if (keyring) {
    try {
      let stored = await keyring.get(account);
      if (!stored) {
        stored = randomBytes(32).toString('base64');
        await keyring.set(account, stored);
      }
      const key = Buffer.from(stored, 'base64');
      if (key.length === 32) return { key, source: 'keyring', fingerprint: fingerprint(key) };
    } catch {
      // Fall through to the key file.
    }
  }
  const key = randomBytes(32);
  await fs.mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  await writeFileAtomic(keyFile, `${key.toString('base64')}\n`, { mode: 0o600 });
  return { key, source: 'file', fingerprint: fingerprint(key) };
}

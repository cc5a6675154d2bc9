/**
 * API keys: generated once and shown once, stored only as SHA-256 hashes, verified in constant time.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { ApiKey, ApiKeyStore } from '../store/index.js';

import { sha256Text } from './digest.js';

/** What a key may do: `mcp` (the gateway), `read` (read-only API), `admin` (everything). */
export const KEY_SCOPES = ['admin', 'read', 'mcp'] as const;
/** One scope. */
export type KeyScope = (typeof KEY_SCOPES)[number];

const KEY_PREFIX = 'mcp_';

/** Every API key in a text (a client file's bearer header, argument or env value): the prefix, 43 base64url characters. */
export function keysIn(text: string): string[] {
  return [...new Set(text.match(new RegExp(`${KEY_PREFIX}[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`, 'g')) ?? [])];
}

/** The SHA-256 hash (hex) under which a key is stored. */
export function hashKey(key: string): string {
  return sha256Text(key, 'hex');
}

/** A new random key (`mcp_` + 43 base64url characters, 256 bits) with its hash and display prefix. */
export function generateKey(random: (n: number) => Buffer = randomBytes): {
  key: string;
  hash: string;
  prefix: string;
} {
  const key = KEY_PREFIX + random(32).toString('base64url');
  return { key, hash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

/** Creates and stores a key; returns the key text (never stored) and its record. */
export async function createApiKey(
  store: ApiKeyStore,
  opts: { name: string; scopes?: readonly string[]; now?: number },
): Promise<{ key: string; record: ApiKey }> {
  const name = opts.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(name)) {
    throw new PlatformError(
      PlatformErrorCode.InvalidName,
      `invalid key name "${opts.name}"`,
      { name: opts.name },
      {
        hint: 'use up to 64 letters, digits, spaces, ".", "_" or "-"',
      },
    );
  }
  const scopes = [...new Set(opts.scopes?.length ? opts.scopes : ['mcp'])];
  const unknown = scopes.filter((s) => !(KEY_SCOPES as readonly string[]).includes(s));
  if (unknown.length) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}`,
      { scopes },
      {
        hint: `scopes are ${KEY_SCOPES.join(', ')}`,
      },
    );
  }
  const taken = (await store.list()).some((k) => k.name === name && k.revokedAt === null);
  if (taken) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `an active key named "${name}" already exists`,
      { name },
      {
        hint: `revoke it first (mcp key revoke "${name}") or choose another name`,
      },
    );
  }
  const { key, hash, prefix } = generateKey();
  const record = await store.create({
    id: randomBytes(8).toString('hex'),
    name,
    hash,
    prefix,
    scopes,
    createdAt: opts.now ?? Date.now(),
  });
  return { key, record };
}

/** The active key with that id, or name. Throws `INVALID_INPUT` when there is none. */
export async function findApiKey(store: ApiKeyStore, idOrName: string): Promise<ApiKey> {
  const keys = await store.list();
  const match =
    keys.find((k) => k.id === idOrName) ?? keys.find((k) => k.name === idOrName && k.revokedAt === null);
  if (!match || match.revokedAt !== null) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `no active key "${idOrName}"`,
      { key: idOrName },
      { hint: 'see `mcp key list`' },
    );
  }
  return match;
}

/** Revokes the active key with that id or name; clients using it are refused from then on. */
export async function revokeApiKey(store: ApiKeyStore, idOrName: string): Promise<ApiKey> {
  const match = await findApiKey(store, idOrName);
  // Revoked meanwhile by another writer: it is gone all the same, but say so as for an unknown key.
  if (!(await store.revoke(match.id))) return findApiKey(store, match.id);
  return match;
}

/** How long a verified key is trusted without asking the store again (a revocation takes effect within it). */
export const KEY_CACHE_MS = 2000;

/**
 * Checks presented keys against the store. A found hash is compared again in constant time, revoked
 * keys are refused, and uses are recorded at most once a minute per key. A key found valid is remembered
 * for {@link KEY_CACHE_MS}, so a busy client costs one store lookup per interval rather than one per
 * request; a revocation made through {@link ApiKeyVerifier.forget} (or by another process) is seen at once
 * (or within that interval).
 */
export class ApiKeyVerifier {
  private readonly lastTouch = new Map<string, number>();
  /** Keys found valid, by their presented text, until when they are trusted without a store lookup. */
  private readonly recent = new Map<string, { record: ApiKey; until: number }>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: () => number = Date.now,
    private readonly cacheMs: number = KEY_CACHE_MS,
  ) {}

  /** The key record when `presented` is a valid, unrevoked key with `scope` (admin implies all). */
  async verify(presented: string, scope: KeyScope): Promise<ApiKey | undefined> {
    const record = await this.identify(presented);
    if (!record) return undefined;
    if (!record.scopes.includes(scope) && !record.scopes.includes('admin')) return undefined;
    return record;
  }

  /**
   * The key record of `presented` when it was verified within the cache time and needs no store write now:
   * what {@link identify} would answer, without a promise (the path of a busy client's requests).
   */
  recall(presented: string): ApiKey | undefined {
    const now = this.clock();
    const record = this.remembered(presented, now);
    return record && !this.touchDue(record, now) ? record : undefined;
  }

  /** The record verified for `presented` within the cache time. */
  private remembered(presented: string, now: number): ApiKey | undefined {
    // Remembered by the presented text (which the caller holds anyway): a busy client costs a map lookup.
    const cached = this.recent.get(presented);
    return cached && cached.until > now ? cached.record : undefined;
  }

  /** Whether the key's last use is due to be written (at most once a minute). */
  private touchDue(record: ApiKey, now: number): boolean {
    return now - (this.lastTouch.get(record.id) ?? 0) > 60_000;
  }

  /** The key record when `presented` is a valid, unrevoked key, whatever its scopes. */
  async identify(presented: string): Promise<ApiKey | undefined> {
    const now = this.clock();
    let record = this.remembered(presented, now);
    if (!record) {
      if (!presented.startsWith(KEY_PREFIX)) return undefined;
      const hash = hashKey(presented);
      record = await this.store.findByHash(hash);
      if (!record || record.revokedAt !== null) {
        this.recent.delete(presented);
        return undefined;
      }
      if (!timingSafeEqual(Buffer.from(record.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
      if (this.recent.size >= 1000) this.recent.clear();
      this.recent.set(presented, { record, until: now + this.cacheMs });
    }
    if (this.touchDue(record, now)) {
      this.lastTouch.set(record.id, now);
      await this.store.touch(record.id, now).catch(() => undefined);
    }
    return record;
  }

  /** Drops what is remembered of the key with this id (call after revoking it in this process). */
  forget(id?: string): void {
    if (id === undefined) return this.recent.clear();
    for (const [hash, entry] of this.recent) if (entry.record.id === id) this.recent.delete(hash);
  }
}

/**
 * Per-key tool allowlists: glob patterns over exposed tool names (`github__*`) that limit what a client
 * holding that key sees and may call through the gateway. Kept in the storage layer's key-value table
 * (`key-tools:<key id>`); no entry, or an empty list, means every tool of the profile.
 * @module
 */
import { UsageError } from '../errors.js';
import type { KvStore } from '../store/types.js';

const PREFIX = 'key-tools:';

/** The allowlist of a key (empty: all tools). */
export async function getKeyTools(kv: KvStore, keyId: string): Promise<string[]> {
  const raw = await kv.get(PREFIX + keyId);
  if (raw === undefined) return [];
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
}

/** Sets (or with an empty list, clears) the allowlist of a key. */
export async function setKeyTools(kv: KvStore, keyId: string, globs: readonly string[]): Promise<void> {
  for (const g of globs) {
    if (!/^[A-Za-z0-9_*?.:-]{1,200}$/.test(g)) {
      throw new UsageError(
        `"${g}" is not a tool pattern: use exposed tool names with * and ?, e.g. github__*`,
      );
    }
  }
  if (globs.length === 0) await kv.delete(PREFIX + keyId);
  else await kv.set(PREFIX + keyId, JSON.stringify([...new Set(globs)]));
}

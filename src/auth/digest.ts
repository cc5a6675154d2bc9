/**
 * SHA-256 of short secrets (API keys, tokens), remembered for the few that recur: every gateway request
 * hashes its credential several times (store lookup, session binding, constant-time comparison), and a
 * client sends the same one each time. The digest's text forms are remembered with it.
 * @module
 */
import { createHash } from 'node:crypto';

const MAX_REMEMBERED = 256;

interface Remembered {
  readonly digest: Buffer;
  hex?: string;
  base64url?: string;
}

const remembered = new Map<string, Remembered>();

function entry(text: string): Remembered {
  let hit = remembered.get(text);
  if (hit) return hit;
  hit = { digest: createHash('sha256').update(text, 'utf8').digest() };
  // Only short, token-like strings recur; anything else is hashed without being kept.
  if (text.length <= 512) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(text, hit);
  }
  return hit;
}

/** The SHA-256 digest of `text` (UTF-8). Do not modify the returned buffer. */
export function sha256(text: string): Buffer {
  return entry(text).digest;
}

/** The SHA-256 digest of `text` (UTF-8) as hex or base64url text. */
export function sha256Text(text: string, encoding: 'hex' | 'base64url'): string {
  const hit = entry(text);
  return (hit[encoding] ??= hit.digest.toString(encoding));
}

/**
 * SHA-256 of short secrets (API keys, tokens), remembered for the few that recur: every gateway request
 * hashes its credential several times (store lookup, session binding, constant-time comparison), and a
 * client sends the same one each time.
 * @module
 */
import { createHash } from 'node:crypto';

const MAX_REMEMBERED = 256;
const remembered = new Map<string, Buffer>();

/** The SHA-256 digest of `text` (UTF-8). Do not modify the returned buffer. */
export function sha256(text: string): Buffer {
  let digest = remembered.get(text);
  if (digest) return digest;
  digest = createHash('sha256').update(text, 'utf8').digest();
  // Only short, token-like strings recur; anything else is hashed without being kept.
  if (text.length <= 512) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(text, digest);
  }
  return digest;
}

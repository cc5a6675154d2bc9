/**
 * Sealed values: AES-256-GCM with a random 12-byte nonce per value, the value's name as associated data
 * (a sealed value copied under another name does not open), in a versioned text envelope
 * `mcp1:<base64url(nonce | tag | ciphertext)>`.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'mcp1:';

/** Whether `text` is a sealed envelope (anything else is a legacy plaintext value). */
export function isSealed(text: string): boolean {
  return text.startsWith(PREFIX);
}

/** Seals `value` under `key` (32 bytes), bound to `name`. */
export function seal(key: Buffer, name: string, value: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed value; throws when the key, the name or the bytes are not the ones it was sealed with. */
export function open(key: Buffer, name: string, sealed: string): string {
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (!isSealed(sealed) || raw.length < 28) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

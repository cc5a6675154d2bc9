import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { sha256, sha256Text } from './digest.js';

const reference = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

describe('sha256 digests', () => {
  it('gives the digest and its text forms, the same on every call', () => {
    for (const text of ['mcp_key', 'ünïcode', 'x'.repeat(600)]) {
      expect(sha256(text).equals(reference(text))).toBe(true);
      expect(sha256Text(text, 'hex')).toBe(reference(text).toString('hex'));
      expect(sha256Text(text, 'base64url')).toBe(reference(text).toString('base64url'));
      expect(sha256Text(text, 'hex')).toBe(reference(text).toString('hex'));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { redactSecretIn, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it('hides the password of a URL and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/mcp?sslmode=require')).toBe(
      'postgres://app:***@db:5432/mcp?sslmode=require',
    );
    expect(redactUrl('postgres://app@db/mcp')).toBe('postgres://app@db/mcp');
  });

  it('hides the password of a URL that does not parse', () => {
    const out = redactUrl('postgres://app:p@ss/w rd@db:99999/mcp');
    expect(out).not.toContain('ss/w rd');
    expect(out).toContain('***@db');
  });
});

describe('redactSecretIn', () => {
  it('removes raw and percent-decoded passwords from a message', () => {
    const url = 'postgres://app:p%40ss@db/mcp';
    expect(redactSecretIn('auth failed for p@ss and p%40ss', url)).toBe('auth failed for *** and ***');
  });
});

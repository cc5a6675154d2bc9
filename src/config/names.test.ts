import { describe, expect, it } from 'vitest';

import { isSlug, slugify, uniqueSlug } from './names.js';

describe('server names', () => {
  it('accepts slugs and rejects everything else', () => {
    for (const ok of ['a', 'echo', 'my-server', '0day', 'x'.repeat(32)]) expect(isSlug(ok), ok).toBe(true);
    for (const bad of ['', 'Echo', '-a', 'a_b', 'a.b', 'a b', 'x'.repeat(33), 'ä'])
      expect(isSlug(bad), bad).toBe(false);
  });

  it('slugifies labels', () => {
    expect(slugify('My GitHub Server!')).toBe('my-github-server');
    expect(slugify('  Café / Crème ')).toBe('cafe-creme');
    expect(slugify('@scope/pkg_name')).toBe('scope-pkg-name');
    expect(slugify('!!!')).toBe('');
    expect(slugify('a'.repeat(40))).toHaveLength(32);
    expect(isSlug(slugify(`${'a'.repeat(31)}-b`))).toBe(true);
  });

  it('makes names unique with numeric suffixes within 32 characters', () => {
    expect(uniqueSlug('Files', new Set(['files']))).toBe('files-2');
    expect(uniqueSlug('Files', new Set(['files', 'files-2']))).toBe('files-3');
    expect(uniqueSlug('???', new Set())).toBe('server');
    const long = uniqueSlug('x'.repeat(40), new Set(['x'.repeat(32)]));
    expect(long).toHaveLength(32);
    expect(long.endsWith('-2')).toBe(true);
  });
});

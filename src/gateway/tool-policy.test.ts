import { describe, expect, it } from 'vitest';

import { compileToolPolicy, globToRegExp } from './tool-policy.js';

describe('tool policy', () => {
  it('globs: * any run, ? one character, everything else literal', () => {
    expect(globToRegExp('github__*').test('github__create_issue')).toBe(true);
    expect(globToRegExp('github__*').test('gitlab__x')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a?c').test('abbc')).toBe(false);
    expect(globToRegExp('a.b+c').test('a.b+c')).toBe(true);
    expect(globToRegExp('a.b+c').test('axbbc')).toBe(false);
  });

  it('allows everything by default; deny wins over allow', () => {
    expect(compileToolPolicy().allows(['x__y'])).toBe(true);
    const p = compileToolPolicy({ tools: { allow: ['fs__*'], deny: ['fs__delete_*'] } });
    expect(p.allows(['fs__read'])).toBe(true);
    expect(p.allows(['fs__delete_file'])).toBe(false);
    expect(p.allows(['gh__read'])).toBe(false);
  });

  it('matches any of the names a tool is known by', () => {
    const p = compileToolPolicy({ tools: { deny: ['fs__read_abcd1234'] } });
    expect(p.allows(['fs__read.file', 'fs__read_abcd1234'])).toBe(false);
  });

  it('looks description overrides up by each name in order', () => {
    const p = compileToolPolicy({ descriptions: { a__b: 'mine', constructor: 'not inherited' } });
    expect(p.description(['a__b'])).toBe('mine');
    expect(p.description(['x', 'a__b'])).toBe('mine');
    expect(p.description(['toString'])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';

import {
  buildNameTable,
  DEFAULT_NAMING,
  describeCollision,
  exposedName,
  exposedUri,
  guessServer,
  hashedName,
  isValidExposedName,
  parseExposedUri,
  qualifiedName,
  separatorWarning,
  shortHash,
} from './namespacing.js';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

describe('namespacing: exposed names', () => {
  it('joins server and name with the separator when the result is valid', () => {
    expect(exposedName('github', 'create_issue')).toBe('github__create_issue');
    expect(exposedName('gh', 'list-repos', { separator: '-', maxLength: 64 })).toBe('gh-list-repos');
    expect(qualifiedName('a', 'b', '.')).toBe('a.b');
  });

  it('hashes over-long names to a valid, stable name of at most the limit', () => {
    const long = 'x'.repeat(80);
    const a = exposedName('server', long);
    expect(a).toMatch(NAME);
    expect(a).toHaveLength(64);
    expect(a.startsWith('server__xxx')).toBe(true);
    expect(a).toMatch(/_[0-9a-f]{8}$/);
    expect(exposedName('server', long)).toBe(a);
    expect(exposedName('server', `${long}y`)).not.toBe(a);
  });

  it('sanitizes characters outside [A-Za-z0-9_-] and keeps such names apart by hash', () => {
    const dot = exposedName('fs', 'read.file');
    const slash = exposedName('fs', 'read/file');
    expect(dot).toMatch(/^fs__read_file_[0-9a-f]{8}$/);
    expect(slash).toMatch(/^fs__read_file_[0-9a-f]{8}$/);
    expect(dot).not.toBe(slash);
    expect(exposedName('fs', 'naïve')).toMatch(NAME);
  });

  it('respects a custom length limit', () => {
    const opts = { separator: '__', maxLength: 20 };
    expect(exposedName('abc', 'short', opts)).toBe('abc__short');
    const n = exposedName('abc', 'a_rather_long_name', opts);
    expect(n).toHaveLength(20);
    expect(isValidExposedName(n, opts)).toBe(true);
  });

  it('accepts the characters of a chosen separator such as ":" but warns about it', () => {
    const colon = { separator: ':', maxLength: 64 };
    expect(exposedName('gh', 'create', colon)).toBe('gh:create');
    expect(isValidExposedName('gh:create', colon)).toBe(true);
    expect(isValidExposedName('gh:create', DEFAULT_NAMING)).toBe(false);
    expect(separatorWarning(':')).toMatch(/outside \[A-Za-z0-9_-\]/);
    expect(separatorWarning('.')).toBeDefined();
    expect(separatorWarning('__')).toBeUndefined();
    expect(separatorWarning('-')).toBeUndefined();
  });

  it('shortHash is 8 hex digits and deterministic', () => {
    expect(shortHash('a')).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash('a')).toBe(shortHash('a'));
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => shortHash(`server\u0000tool${i}`)));
    expect(seen.size).toBe(2000);
  });
});

describe('namespacing: name table', () => {
  const dash = { separator: '-', maxLength: 64 };

  it('maps exposed names back to server and original name', () => {
    const t = buildNameTable([
      { server: 'a', name: 'echo', item: 1 },
      { server: 'b', name: 'echo', item: 2 },
    ]);
    expect(t.entries.map((e) => e.exposed)).toEqual(['a__echo', 'b__echo']);
    expect(t.byExposed.get('b__echo')).toMatchObject({ server: 'b', name: 'echo', item: 2 });
    expect(t.collisions).toEqual([]);
  });

  it('never resolves a collision silently: the first keeps the name, the next is renamed and reported', () => {
    const input = [
      { server: 'my', name: 'srv-x', item: 'first' },
      { server: 'my-srv', name: 'x', item: 'second' },
    ];
    const t = buildNameTable(input, dash);
    expect(t.entries[0]!.exposed).toBe('my-srv-x');
    expect(t.entries[1]!.exposed).toBe(hashedName('my-srv', 'x', dash));
    expect(t.collisions).toEqual([
      {
        exposed: 'my-srv-x',
        kept: { server: 'my', name: 'srv-x' },
        other: { server: 'my-srv', name: 'x' },
        resolution: 'renamed',
        renamedTo: t.entries[1]!.exposed,
      },
    ]);
    expect(describeCollision(t.collisions[0]!)).toMatch(/"x" of server "my-srv" is exposed as/);
    expect(buildNameTable(input, dash)).toEqual(t);
  });

  it('skips an exact duplicate of one server, with a report', () => {
    const t = buildNameTable([
      { server: 'a', name: 'echo', item: 1 },
      { server: 'a', name: 'echo', item: 2 },
    ]);
    expect(t.entries).toHaveLength(1);
    expect(t.byExposed.get('a__echo')?.item).toBe(1);
    expect(t.collisions[0]).toMatchObject({ resolution: 'skipped' });
  });

  it('keeps original names in the single-server style', () => {
    const t = buildNameTable([{ server: 'a', name: 'read.file', item: 0 }], DEFAULT_NAMING, 'original');
    expect(t.entries[0]!.exposed).toBe('read.file');
  });

  it('guesses the server of an unknown name by the longest prefix', () => {
    expect(guessServer('my-srv__x', ['my', 'my-srv'])).toBe('my-srv');
    expect(guessServer('other__x', ['my'])).toBeUndefined();
  });
});

describe('namespacing: resource URIs', () => {
  it('round-trips URIs and templates verbatim', () => {
    for (const uri of [
      'file:///tmp/a b.txt',
      'demo://resource/dynamic/text/{id}',
      'https://x.org/p?q=1#frag',
      'memo://a//b',
    ]) {
      const e = exposedUri('files', uri);
      expect(e.startsWith('mcp-platform://files/')).toBe(true);
      expect(parseExposedUri(e)).toEqual({ server: 'files', uri });
    }
  });

  it('rejects URIs that are not exposed ones', () => {
    expect(parseExposedUri('file:///x')).toBeUndefined();
    expect(parseExposedUri('mcp-platform://files')).toBeUndefined();
    expect(parseExposedUri('mcp-platform://files/')).toBeUndefined();
    expect(parseExposedUri('mcp-platform:///x')).toBeUndefined();
  });
});

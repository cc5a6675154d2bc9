import { describe, expect, it } from 'vitest';

import { argv, pairs } from './parse.js';

describe('add-server form parsing', () => {
  it('splits a command line without a shell, quotes grouping', () => {
    expect(argv(`npx -y "@scope/server x" --dir '/tmp/a b'`)).toEqual([
      'npx',
      '-y',
      '@scope/server x',
      '--dir',
      '/tmp/a b',
    ]);
  });

  it('reads KEY=VALUE and Name: value lines, skipping malformed ones', () => {
    expect(pairs('A=1\nB = two=2\nnope\n=x', '=')).toEqual({ A: '1', B: 'two=2' });
    expect(pairs('Authorization: Bearer ${secret:T}\nX-A:b', ':')).toEqual({
      Authorization: 'Bearer ${secret:T}',
      'X-A': 'b',
    });
  });
});

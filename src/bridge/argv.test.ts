import { describe, expect, it } from 'vitest';

import { splitCommand } from './argv.js';

describe('splitCommand', () => {
  it('splits on whitespace and keeps quoted words whole, interpreting nothing', () => {
    expect(splitCommand(`node server.js --name "my server" 'a b'`)).toEqual([
      'node',
      'server.js',
      '--name',
      'my server',
      'a b',
    ]);
    expect(splitCommand(`echo "say \\"hi\\"" 'it''s' a\\ b $HOME *.js ; rm -rf /`)).toEqual([
      'echo',
      'say "hi"',
      'its',
      'a b',
      '$HOME',
      '*.js',
      ';',
      'rm',
      '-rf',
      '/',
    ]);
    expect(splitCommand(`  "" x  `)).toEqual(['', 'x']);
  });

  it('refuses an empty command and an unterminated quote', () => {
    expect(() => splitCommand('   ')).toThrow(/empty/);
    expect(() => splitCommand(`node "unterminated`)).toThrow(/unterminated " quote/);
  });
});

/** Carrying the user's arguments over to an updated definition (pure; see `reinstall-update.test.ts` for the update). */
import { describe, expect, it } from 'vitest';

import { mergeArgs } from './update-args.js';

const OLD = ['--from', 'pkg==1.0.0', 'pkg'];
const NEW = ['--from', 'pkg==1.1.0', 'pkg'];

describe('mergeArgs', () => {
  it('replaces the generated arguments and keeps the ones added before, between and after them', () => {
    expect(
      mergeArgs(['-q', '--from', 'pkg==1.0.0', '--with', 'x', 'pkg', '--ro'], OLD, NEW, '1.0.0'),
    ).toEqual({
      how: 'replaced',
      args: ['-q', '--from', 'pkg==1.1.0', '--with', 'x', 'pkg', '--ro'],
    });
  });

  it('puts the added arguments after the new generated ones when the install generated none', () => {
    expect(mergeArgs(['--ro', '/data'], [], ['--stdio'], '1.0.0')).toEqual({
      how: 'replaced',
      args: ['--stdio', '--ro', '/data'],
    });
  });

  it('replaces a run of generated arguments of another length, keeping what is around it', () => {
    expect(mergeArgs(['-q', 'a', 'b', '--ro'], ['a', 'b'], ['a', 'b', 'c'])).toEqual({
      how: 'replaced',
      args: ['-q', 'a', 'b', 'c', '--ro'],
    });
  });

  it('does not guess where arguments between generated ones go when the new plan has another length', () => {
    // `--x` sat between `a` and `b`; with three new arguments it is not clear where it belongs.
    expect(mergeArgs(['a', '--x', 'b'], ['a', 'b'], ['a', 'b', 'c']).how).toBe('kept');
  });

  it('swaps the old parts in when it is not clear which of two equal arguments was the generated one', () => {
    // The generated `pkg` may be the third argument or the fourth; the new plan names another program.
    const r = mergeArgs(
      ['--from', 'pkg==1.0.0', 'pkg', 'pkg'],
      OLD,
      ['--from', 'pkg==1.1.0', 'pkg-cli'],
      '1.0.0',
    );
    expect(r).toEqual({ how: 'substituted', args: ['--from', 'pkg==1.1.0', 'pkg-cli', 'pkg-cli'] });
  });

  it('swaps the old package spec inside an edited argument, and nothing that merely contains a short token', () => {
    expect(mergeArgs(['--from=pkg==1.0.0', 'pkg', '--pkgdir', 'pkg-data'], OLD, NEW, '1.0.0')).toEqual({
      how: 'substituted',
      args: ['--from=pkg==1.1.0', 'pkg', '--pkgdir', 'pkg-data'],
    });
  });

  it('keeps the arguments as they are when the old version is no longer in them', () => {
    expect(mergeArgs(['--from', 'git+https://example.com/pkg.git', 'pkg'], OLD, NEW, '1.0.0')).toEqual({
      how: 'kept',
      args: ['--from', 'git+https://example.com/pkg.git', 'pkg'],
    });
  });
});

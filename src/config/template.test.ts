import { describe, expect, it } from 'vitest';

import { findRefs, resolveTemplate } from './template.js';

const resolvers = {
  env: (n: string) => ({ HOME_DIR: '/home/ann' })[n],
  secret: async (n: string) => {
    if (n === 'TOKEN') return 's3cr3t';
    throw new Error(`no secret ${n}`);
  },
};

describe('templates', () => {
  it('finds and resolves env and secret references', async () => {
    expect(findRefs('Bearer ${secret:TOKEN} at ${HOME_DIR}')).toEqual([
      { kind: 'secret', name: 'TOKEN' },
      { kind: 'env', name: 'HOME_DIR' },
    ]);
    expect(await resolveTemplate('Bearer ${secret:TOKEN} at ${HOME_DIR}/x', resolvers)).toBe(
      'Bearer s3cr3t at /home/ann/x',
    );
    expect(await resolveTemplate('plain $HOME', resolvers)).toBe('plain $HOME');
  });

  it('fails on a missing variable or secret instead of inserting nothing', async () => {
    await expect(resolveTemplate('${MISSING}', resolvers)).rejects.toThrow(/MISSING is not set/);
    await expect(resolveTemplate('${secret:NOPE}', resolvers)).rejects.toThrow(/NOPE/);
  });
});

import { describe, expect, it } from 'vitest';

import { buildChildEnv } from './child-env.js';

const resolvers = {
  env: (n: string) => ({ HOST_VAR: 'from-host' })[n],
  secret: async (n: string) => (n === 'api' ? 'k3y' : Promise.reject(new Error(`no secret ${n}`))),
};

describe('buildChildEnv', () => {
  it('overlays resolved declared env on the base allowlist', async () => {
    const env = await buildChildEnv({ A: 'lit', B: '${HOST_VAR}/x', C: 'Bearer ${secret:api}' }, resolvers, {
      PATH: '/bin',
    });
    expect(env).toEqual({ PATH: '/bin', A: 'lit', B: 'from-host/x', C: 'Bearer k3y' });
  });

  it('defaults the base to the SDK allowlist only', async () => {
    process.env.MCP_TEST_NOT_ALLOWED = '1';
    try {
      const env = await buildChildEnv({}, resolvers);
      expect(
        Object.keys(env).every((k) => ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'].includes(k)),
      ).toBe(true);
    } finally {
      delete process.env.MCP_TEST_NOT_ALLOWED;
    }
  });

  it('throws ENV_UNRESOLVED (not retryable) for a missing variable or secret', async () => {
    await expect(buildChildEnv({ X: '${NOPE}' }, resolvers)).rejects.toMatchObject({
      code: 'ENV_UNRESOLVED',
      retryable: false,
    });
    await expect(buildChildEnv({ X: '${secret:nope}' }, resolvers)).rejects.toMatchObject({
      code: 'ENV_UNRESOLVED',
    });
  });
});

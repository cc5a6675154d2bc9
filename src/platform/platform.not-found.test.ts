/**
 * The error for a server name the running platform does not run: one outside its profile gets the
 * `mcp profile add` hint, a name no server in the config has gets `mcp server list` (as `mcp server logs
 * <unknown-name>` shows).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { configSchema } from '../config/schema.js';
import { PlatformError } from '../errors.js';
import { createLogger } from '../observability/logger.js';

import { Platform } from './platform.js';

const server = { command: process.execPath, args: ['-e', ''] };

const platform = new Platform({
  config: configSchema.parse({
    version: 2,
    servers: { inside: server, outside: server },
    profiles: { default: { servers: ['inside'] } },
    activeProfile: 'default',
  }),
  profile: 'default',
  logsDir: mkdtempSync(path.join(os.tmpdir(), 'mcp-not-found-test-')),
  resolvers: { env: () => undefined, secret: (n) => Promise.reject(new Error(`no secret ${n}`)) },
  logger: createLogger({ level: 'error', format: 'json' }),
  supervisor: { sampleIntervalMs: 0, reaper: false },
});

afterAll(() => platform.close());

function errorOf(fn: () => unknown): PlatformError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PlatformError) return err;
    throw err;
  }
  throw new Error('expected a PlatformError');
}

describe('Platform: a server it does not run', () => {
  it('says a name no server has is unknown and points at mcp server list', () => {
    const err = errorOf(() => platform.tail('nobody', 10));
    expect(err.code).toBe('SERVER_NOT_FOUND');
    expect(err.message).toBe('no server named "nobody"');
    expect(err.hint).toContain('mcp server list');
    expect(err.hint).not.toContain('profile add');
  });

  it('suggests mcp profile add for a configured server outside the profile', () => {
    const err = errorOf(() => platform.tail('outside', 10));
    expect(err.message).toContain('not part of the running profile "default"');
    expect(err.hint).toContain('mcp profile add default outside');
  });

  it('follows the config a reconcile brings', async () => {
    await platform.reconcile(
      configSchema.parse({
        version: 2,
        servers: { inside: server },
        profiles: { default: { servers: ['inside'] } },
        activeProfile: 'default',
      }),
    );
    expect(errorOf(() => platform.tail('outside', 10)).message).toBe('no server named "outside"');
  });
});

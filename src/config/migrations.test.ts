import { describe, expect, it } from 'vitest';

import { configSchema, CONFIG_VERSION } from './schema.js';
import { migrateConfig } from './migrations.js';

describe('config migrations', () => {
  it('migrates a version-1 document to a valid current one', () => {
    const v1 = {
      version: 1,
      gateway: { namespaceSeparator: '.', port: 9000 },
      servers: {
        local: { command: 'node', args: ['s.js'], transport: 'stdio' },
        remote: { url: 'https://x.example/mcp', transport: 'http' },
        sock: { url: 'wss://x.example/ws', transport: 'ws' },
      },
      profiles: { default: { servers: ['local', 'remote', 'sock'] } },
    };
    const res = migrateConfig(v1);
    expect(res.from).toBe(1);
    expect(res.applied).toHaveLength(1);
    expect(res.raw).toMatchObject({
      version: 2,
      gateway: { separator: '.', port: 9000 },
      servers: {
        local: { command: 'node' },
        remote: { transport: 'streamable-http' },
        sock: { transport: 'websocket' },
      },
    });
    expect((res.raw.servers as Record<string, Record<string, unknown>>).local!.transport).toBeUndefined();
    expect(configSchema.safeParse(res.raw).success).toBe(true);
    expect(v1.gateway.namespaceSeparator).toBe('.');
  });

  it('leaves a current document alone and refuses a newer one', () => {
    const cur = { version: CONFIG_VERSION, servers: {} };
    expect(migrateConfig(cur)).toEqual({ raw: cur, from: CONFIG_VERSION, applied: [] });
    expect(() => migrateConfig({ version: CONFIG_VERSION + 1 })).toThrow(/newer/);
  });

  it('treats a missing version as 1', () => {
    expect(migrateConfig({ servers: {} }).raw.version).toBe(2);
  });
});

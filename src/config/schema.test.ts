import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { configJsonSchema, configSchema, defaultConfig } from './schema.js';

describe('config schema', () => {
  it('the committed JSON Schema matches the zod schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(configJsonSchema());
  });

  it('fills defaults: loopback, port 8090, "__" separator, auth on', () => {
    expect(defaultConfig().gateway).toMatchObject({
      host: '127.0.0.1',
      port: 8090,
      separator: '__',
      auth: true,
    });
  });

  it('tells stdio from remote servers and rejects unknown fields', () => {
    const ok = configSchema.parse({
      version: 2,
      servers: { a: { command: 'node' }, b: { url: 'wss://h/ws', transport: 'websocket' } },
      profiles: { default: { servers: ['a', 'b'] } },
    });
    expect(ok.servers.a!.type).toBe('stdio');
    expect(ok.servers.b!.type).toBe('remote');
    const bad = configSchema.safeParse({
      version: 2,
      servers: { a: { command: 'node', shell: true } },
      profiles: { default: {} },
    });
    expect(bad.success).toBe(false);
  });

  it('checks cross references: profile servers, dependsOn, activeProfile', () => {
    const res = configSchema.safeParse({
      version: 2,
      servers: { a: { command: 'x', dependsOn: ['ghost', 'a'] } },
      profiles: { p: { servers: ['nope'] } },
      activeProfile: 'missing',
    });
    expect(res.success).toBe(false);
    const paths = res.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'profiles.p.servers.0',
        'servers.a.dependsOn.0',
        'servers.a.dependsOn.1',
        'activeProfile',
      ]),
    );
  });
});

describe('config schema: remote transports and URLs', () => {
  const parse = (server: Record<string, unknown>) =>
    configSchema.safeParse({ version: 2, servers: { r: server }, profiles: { default: { servers: ['r'] } } });

  it.each([
    [{ url: 'http://h/mcp', transport: 'websocket' }, 'WebSocket servers have ws:// or wss:// URLs'],
    [{ url: 'https://h/mcp', transport: 'websocket' }, 'WebSocket servers have ws:// or wss:// URLs'],
    [{ url: 'ws://h/ws', transport: 'sse' }, 'set transport: websocket'],
    [{ url: 'wss://h/ws', transport: 'streamable-http' }, 'set transport: websocket'],
    [{ url: 'unix:///tmp/s.sock', transport: 'websocket' }, 'set transport: auto'],
  ])('refuses %o with a message at servers.r.transport', (server, hint) => {
    const res = parse(server);
    expect(res.success).toBe(false);
    // A union reports each branch's issues under `errors`.
    const messages = (res.error!.issues as { message: string; errors?: { message: string }[][] }[]).flatMap(
      (i) => [i.message, ...(i.errors ?? []).flat().map((e) => e.message)],
    );
    const message = messages.find((m) => m.includes(hint));
    expect(message).toMatch(/^transport "[a-z-]+" cannot reach this URL: /);
  });

  it.each([
    { url: 'ws://h/ws', transport: 'websocket' },
    { url: 'ws://h/ws' },
    { url: 'http://h/mcp', transport: 'sse' },
    { url: 'https://h/mcp' },
    { url: 'unix:///tmp/s.sock' },
  ])('accepts %o', (server) => {
    expect(parse(server).success).toBe(true);
  });
});

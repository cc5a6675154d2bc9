/**
 * A reconcile as an open gateway session sees it: tools of an added server appear after
 * `notifications/tools/list_changed`, tools of a removed one disappear, and the session stays valid.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixture, startGateway, until, type GatewayFixture } from '../../test/fixtures/gateway/harness.js';
import { configSchema, type PlatformConfig, type StdioServerConfig } from '../config/schema.js';

let gw: GatewayFixture;
const alpha = fixture('twin.mjs', { LABEL: 'alpha' });
const beta = fixture('twin.mjs', { LABEL: 'beta' });

function config(servers: Record<string, StdioServerConfig>): PlatformConfig {
  return configSchema.parse({
    version: 2,
    servers,
    profiles: { default: { servers: Object.keys(servers) } },
    activeProfile: 'default',
  });
}

/** A client on `path` counting the tools/list_changed notifications it gets. */
async function watcher(path = '/mcp'): Promise<{ client: Client; changes: () => number }> {
  let n = 0;
  const client = await gw.connect(path, {}, (c) =>
    c.setNotificationHandler(ToolListChangedNotificationSchema, async () => void n++),
  );
  await new Promise((r) => setTimeout(r, 200)); // let the standalone SSE stream open
  return { client, changes: () => n };
}

const toolNames = async (c: Client): Promise<string[]> => (await c.listTools()).tools.map((t) => t.name);

beforeAll(async () => {
  gw = await startGateway({ alpha });
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

describe('gateway after a reconcile', () => {
  it('announces an added server to an open /mcp session, which then lists and calls its tools', async () => {
    const { client, changes } = await watcher();
    expect((await toolNames(client)).some((n) => n.startsWith('beta__'))).toBe(false);
    await gw.platform.reconcile(config({ alpha, beta }));
    await until(() => changes() > 0, 5000, 'tools/list_changed');
    const names = await toolNames(client);
    expect(names).toEqual(expect.arrayContaining(['alpha__echo', 'beta__echo']));
    const res = await client.callTool({ name: 'beta__echo', arguments: { message: 'hi' } });
    expect(JSON.stringify(res.content)).toContain('beta');
  });

  it('serves the added server at /mcp/<server>', async () => {
    const { client } = await watcher('/mcp/beta');
    expect(await toolNames(client)).toContain('echo');
  });

  it('announces a removed server; its tools are gone and calling one names it', async () => {
    const { client, changes } = await watcher();
    expect(await toolNames(client)).toContain('beta__echo');
    await gw.platform.reconcile(config({ alpha }));
    await until(() => changes() > 0, 5000, 'tools/list_changed');
    const names = await toolNames(client);
    expect(names.some((n) => n.startsWith('beta__'))).toBe(false);
    expect(names).toContain('alpha__echo');
    await expect(client.callTool({ name: 'beta__echo', arguments: { message: 'x' } })).rejects.toThrow(
      /beta__echo/,
    );
  });

  it('announces a restarted (changed) server and serves its new tools', async () => {
    const { client, changes } = await watcher();
    await gw.platform.reconcile(config({ alpha: fixture('twin.mjs', { LABEL: 'alpha2' }) }));
    await until(() => changes() > 0, 5000, 'tools/list_changed');
    const res = await client.callTool({ name: 'alpha__echo', arguments: { message: 'hi' } });
    expect(JSON.stringify(res.content)).toContain('alpha2');
  });
});

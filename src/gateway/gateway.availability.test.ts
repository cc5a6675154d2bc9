/**
 * Fail-open behaviour and list changes: a dead and a slow server beside live ones, pagination of upstream
 * lists, list_changed when a server changes its tools, stops or starts.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  broken,
  firstText,
  fixture,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;

beforeAll(async () => {
  gw = await startGateway(
    {
      alpha: fixture('twin.mjs', { LABEL: 'alpha' }),
      paged: fixture('paged.mjs'),
      slow: fixture('paged.mjs', { LIST_DELAY_MS: '1500' }),
      dead: broken(),
    },
    {},
    { listTimeoutMs: 1000, listTtlMs: 300 },
  );
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

/** A client counting the tools/list_changed notifications it gets. */
async function watcher(path = '/mcp'): Promise<{ client: Client; changes: () => number }> {
  let n = 0;
  const client = await gw.connect(path, {}, (c) =>
    c.setNotificationHandler(ToolListChangedNotificationSchema, async () => void n++),
  );
  await new Promise((r) => setTimeout(r, 200)); // let the standalone SSE stream open
  return { client, changes: () => n };
}

const toolNames = async (c: Client): Promise<string[]> => (await c.listTools()).tools.map((t) => t.name);

describe('gateway: fail-open', () => {
  it('initializes and lists the live servers while one is dead and one is slow', async () => {
    expect(gw.platform.serverStatus('dead').state).not.toBe('running');
    const client = await gw.connect();
    const started = Date.now();
    const names = await toolNames(client);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(names).toContain('alpha__echo');
    expect(names.some((n) => n.startsWith('dead__'))).toBe(false);
  });

  it('walks every page of an upstream list', async () => {
    const client = await gw.connect();
    const names = await toolNames(client);
    expect(names.filter((n) => n.startsWith('paged__')).sort()).toEqual(
      expect.arrayContaining(['paged__grow', 'paged__t1', 'paged__t2', 'paged__t3', 'paged__t4']),
    );
  });

  it('names the dead server and its state when one of its tools is called', async () => {
    const client = await gw.connect();
    await expect(client.callTool({ name: 'dead__anything' })).rejects.toThrow(
      /server "dead" is not available \(state: (backoff|crash-loop|failed|starting)\)/,
    );
  });

  it('serves /mcp/<dead server>: initialize works, lists are empty, calls name the server', async () => {
    const client = await gw.connect('/mcp/dead');
    expect(await toolNames(client)).toEqual([]);
    expect((await client.listResources()).resources).toEqual([]);
    await expect(client.callTool({ name: 'x' })).rejects.toThrow(/server "dead" is not available/);
  });

  it('adds a slow server once its listing arrives, with list_changed', async () => {
    const { client, changes } = await watcher();
    const first = await toolNames(client);
    if (!first.includes('slow__t1')) {
      await until(() => changes() > 0, 5000, 'list_changed after the late listing');
    }
    expect(await toolNames(client)).toContain('slow__t1');
  });

  it('routes a call without waiting for another server that is still listing', async () => {
    const client = await gw.connect();
    // grow makes the slow server announce a change: its list is fetched again, which takes seconds.
    expect(firstText(await client.callTool({ name: 'slow__grow' }))).toBe('now 6 tools');
    await toolNames(client).catch(() => undefined);
    const started = Date.now();
    expect(firstText(await client.callTool({ name: 'alpha__echo', arguments: { message: 'quick' } }))).toBe(
      'alpha: quick',
    );
    expect(Date.now() - started).toBeLessThan(800);
  });
});

describe('gateway: list_changed', () => {
  it('re-lists a server that cannot announce changes once its list is older than the TTL', async () => {
    const client = await gw.connect();
    await toolNames(client);
    const added = firstText(await client.callTool({ name: 'alpha__add-silently' }));
    await new Promise((r) => setTimeout(r, 400));
    expect(await toolNames(client)).toContain(`alpha__${added}`);
  });

  it('relays an upstream tools/list_changed and lists the new tool', async () => {
    const { client, changes } = await watcher();
    await toolNames(client);
    expect(firstText(await client.callTool({ name: 'paged__grow' }))).toBe('now 6 tools');
    await until(() => changes() > 0, 5000, 'tools/list_changed');
    expect(await toolNames(client)).toContain('paged__t5');
  });

  it('announces a server stopping and starting; its tools leave and come back', async () => {
    const { client, changes } = await watcher();
    const single = await watcher('/mcp/alpha');
    expect(await toolNames(client)).toContain('alpha__echo');

    await gw.platform.stopServer('alpha');
    await until(() => changes() > 0 && single.changes() > 0, 5000, 'list_changed after stop');
    expect(await toolNames(client)).not.toContain('alpha__echo');
    await expect(client.callTool({ name: 'alpha__echo', arguments: { message: 'x' } })).rejects.toThrow(
      /server "alpha" is not available \(state: stopped\)/,
    );
    await expect(single.client.callTool({ name: 'echo' })).rejects.toThrow(/server "alpha" is not available/);

    const seen = changes();
    await gw.platform.startServer('alpha');
    await until(() => changes() > seen, 5000, 'list_changed after start');
    expect(await toolNames(client)).toContain('alpha__echo');
    expect(firstText(await client.callTool({ name: 'alpha__echo', arguments: { message: 'back' } }))).toBe(
      'alpha: back',
    );
    expect(firstText(await single.client.callTool({ name: 'echo', arguments: { message: 'b' } }))).toBe(
      'alpha: b',
    );
  });
});

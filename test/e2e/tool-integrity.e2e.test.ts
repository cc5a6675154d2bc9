/**
 * A tool that changes its definition under the user, end to end: the running gateway hides it, says why
 * when it is called, `mcp tools changes` lists it, and `mcp tools approve` brings it back.
 */
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const RUG = path.join(ROOT, 'test', 'fixtures', 'gateway', 'rug-pull.mjs');

describe('tool integrity through mcp up', () => {
  let home = '';
  afterAll(async () => {
    if (home) await runCli(['down'], { home });
  });

  it('hides a changed tool until it is approved', async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'rug', '--', process.execPath, RUG], { home });
    const key = (await runCli(['key', 'create', '--name', 'e2e', '--json'], { home })).json<{ key: string }>()
      .key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    const { url } = up.json<{ url: string }>();
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changes++);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    const names = async (): Promise<string[]> => (await client.listTools()).tools.map((t) => t.name);
    expect(await names()).toContain('rug__forecast');

    await client.callTool({ name: 'rug__mutate' });
    const deadline = Date.now() + 5000;
    while ((await names()).includes('rug__forecast') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await names()).toEqual(['rug__mutate']);
    await expect(client.callTool({ name: 'rug__forecast' })).rejects.toThrow(
      /changed its definition.*mcp tools approve rug\/forecast/,
    );

    const pending = (await runCli(['tools', 'changes', '--json'], { home })).json<
      Array<{ server: string; tool: string }>
    >();
    expect(pending.map((c) => `${c.server}/${c.tool}`)).toEqual(['rug/forecast']);
    const seen = changes;
    const approve = await runCli(['tools', 'approve', 'rug__forecast'], { home });
    expect(approve.code, approve.stderr).toBe(0);
    const back = Date.now() + 10_000;
    while (!(await names()).includes('rug__forecast') && Date.now() < back)
      await new Promise((r) => setTimeout(r, 200));
    expect(await names()).toContain('rug__forecast');
    expect(changes).toBeGreaterThan(seen);
    expect((await runCli(['tools', 'changes', '--json'], { home })).json()).toEqual([]);
    await client.close();
  }, 60_000);
});

/**
 * The legacy HTTP+SSE endpoint (`/sse`, `/messages`) as an old client sees it: the built CLI runs the
 * platform; the SDK `SSEClientTransport` connects through the edge (API key, control token, Origin checks).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const PAGED = path.join(ROOT, 'test', 'fixtures', 'gateway', 'paged.mjs');

async function sseClient(url: string, key?: string, setup?: (c: Client) => void): Promise<Client> {
  const client = new Client({ name: 'legacy-e2e', version: '1.0.0' });
  setup?.(client);
  const headers = key ? { authorization: `Bearer ${key}` } : undefined;
  await client.connect(new SSEClientTransport(new URL(url), headers ? { requestInit: { headers } } : {}));
  return client;
}

const text = (result: object): string => JSON.stringify((result as { content?: unknown }).content);

describe('legacy SSE through mcp up', () => {
  let home: string;
  let url: string;
  let key: string;

  beforeAll(async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    await runCli(['server', 'add', 'paged', '--', process.execPath, PAGED], { home });
    key = (await runCli(['key', 'create', '--name', 'old-client', '--json'], { home })).json<{
      key: string;
    }>().key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    url = up.json<{ url: string }>().url;
  }, 60_000);
  afterAll(async () => {
    await runCli(['down'], { home });
  });

  it('refuses the stream and the message endpoint without a valid key', async () => {
    const stream = await fetch(`${url}/sse`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(401);
    expect(stream.headers.get('www-authenticate')).toBe('Bearer');
    const post = await fetch(`${url}/messages?sessionId=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(post.status).toBe(401);
    await expect(sseClient(`${url}/sse`, 'mcp_wrong')).rejects.toThrow();
  });

  it('refuses a foreign Origin before auth', async () => {
    const res = await fetch(`${url}/sse`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(403);
  });

  it('lists the aggregate, calls a tool and relays list_changed with an API key', async () => {
    let changes = 0;
    const client = await sseClient(`${url}/sse`, key, (c) =>
      c.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changes++),
    );
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['echo__echo', 'echo__reverse', 'paged__grow']));
      expect(text(await client.callTool({ name: 'echo__reverse', arguments: { text: 'legacy' } }))).toContain(
        'ycagel',
      );
      await client.callTool({ name: 'paged__grow' });
      const deadline = Date.now() + 5000;
      while (changes === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(changes).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('accepts the control token and serves one server at /sse/<server>', async () => {
    const token = readFileSync(path.join(home, 'run', 'control.token'), 'utf8').trim();
    const client = await sseClient(`${url}/sse/echo`, token);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'reverse']);
    } finally {
      await client.close();
    }
  });
});

describe('legacy SSE with --no-auth', () => {
  it('serves clients without a key on loopback', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const up = await runCli(['up', '--no-auth', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    try {
      const client = await sseClient(`${up.json<{ url: string }>().url}/sse`);
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        'echo__echo',
        'echo__reverse',
      ]);
      await client.close();
    } finally {
      await runCli(['down'], { home });
    }
  });
});

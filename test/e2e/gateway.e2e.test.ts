/**
 * The gateway as a client sees it: the built CLI runs the platform; the official SDK client connects
 * to /mcp with an API key.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const require = createRequire(import.meta.url);
const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const MEMORY = require.resolve('@modelcontextprotocol/server-memory/dist/index.js');

async function connect(url: string, key?: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: key ? { headers: { authorization: `Bearer ${key}` } } : {},
  });
  await client.connect(transport);
  return client;
}

describe('gateway through mcp up', () => {
  let home: string;
  let url: string;
  let key: string;

  beforeAll(async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    await runCli(
      [
        'server',
        'add',
        'memory',
        '--env',
        `MEMORY_FILE_PATH=${path.join(home, 'mem.jsonl')}`,
        '--',
        process.execPath,
        MEMORY,
      ],
      { home },
    );
    key = (await runCli(['key', 'create', '--name', 'e2e', '--json'], { home })).json<{ key: string }>().key;
    const up = await runCli(['gateway', 'start', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    url = up.json<{ url: string }>().url;
  });
  afterAll(async () => {
    await runCli(['down'], { home });
  });

  it('refuses clients without a valid key', async () => {
    const res = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    await expect(connect(`${url}/mcp`, 'mcp_wrong')).rejects.toThrow();
  });

  it('aggregates every server under namespaced names and routes calls', async () => {
    const client = await connect(`${url}/mcp`, key);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'echo__echo',
          'echo__reverse',
          'memory__create_entities',
          'memory__read_graph',
        ]),
      );
      const reversed = await client.callTool({ name: 'echo__reverse', arguments: { text: 'gateway' } });
      expect(JSON.stringify(reversed.content)).toContain('yawetag');
      await client.callTool({
        name: 'memory__create_entities',
        arguments: {
          entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }],
        },
      });
      const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
      expect(JSON.stringify(graph)).toContain('Ada');
    } finally {
      await client.close();
    }
  });

  it('serves one server with its original names at /mcp/<server>, and counts calls in /metrics', async () => {
    const client = await connect(`${url}/mcp/echo`, key);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'reverse']);
      const res = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
      expect(JSON.stringify(res.content)).toContain('hi');
    } finally {
      await client.close();
    }
    const token = (await import('node:fs'))
      .readFileSync(path.join(home, 'run', 'control.token'), 'utf8')
      .trim();
    const metrics = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(metrics).toMatch(
      /mcp_gateway_requests_total\{server="echo",tool="echo",method="tools\/call"\} [1-9]/,
    );
  });
});

describe('gateway auth settings', () => {
  it('--no-auth is refused on a non-loopback address and allowed on loopback', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const refused = await runCli(['up', '--no-auth', '--host', '0.0.0.0', '--port', '0'], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('loopback');
    const up = await runCli(['up', '--no-auth', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    try {
      const client = await connect(`${up.json<{ url: string }>().url}/mcp`);
      expect((await client.listTools()).tools.length).toBe(2);
      await client.close();
    } finally {
      await runCli(['down'], { home });
    }
  });
});

/**
 * The gateway as a client sees it: the built CLI runs the platform; the official SDK client connects
 * to /mcp with an API key.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as connect_ } from 'node:net';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { WebSocketClientTransport } from '../../src/transports/websocket-client.js';
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

  it('cuts a client that never finishes its headers (slowloris) after the 10 s header timeout', async () => {
    const { port, hostname } = new URL(url);
    const socket = connect_(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const started = Date.now();
    socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // One more header line every second, never the blank line that ends them.
    const drip = setInterval(() => socket.write(`X-Drip-${Date.now()}: 1\r\n`), 1000);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    clearInterval(drip);
    const held = Date.now() - started;
    expect(held).toBeGreaterThanOrEqual(9_000);
    expect(held).toBeLessThan(16_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // Everyone else is still served.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  }, 30_000);

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

  it('serves WebSocket sessions on /ws and /ws/<server> with the same key check as /mcp', async () => {
    const wsUrl = url.replace(/^http/, 'ws');
    const status = (target: string, headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(target, ['mcp'], { headers });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => reject(new Error(`${target} opened`)));
        ws.once('error', () => undefined);
      });
    expect(await status(`${wsUrl}/ws`, {})).toBe(401);
    expect(await status(`${wsUrl}/ws`, { authorization: 'Bearer mcp_nope' })).toBe(401);
    expect(await status(`${wsUrl}/ws/nosuchserver`, { authorization: `Bearer ${key}` })).toBe(404);
    // A browser page of another origin cannot open one, key or not.
    expect(
      await status(`${wsUrl}/ws`, { authorization: `Bearer ${key}`, origin: 'http://evil.example' }),
    ).toBe(403);
    const headers = { authorization: `Bearer ${key}` };
    const all = new Client({ name: 'e2e-ws', version: '1.0.0' });
    await all.connect(new WebSocketClientTransport(new URL(`${wsUrl}/ws`), { headers }));
    const one = new Client({ name: 'e2e-ws-echo', version: '1.0.0' });
    await one.connect(new WebSocketClientTransport(new URL(`${wsUrl}/ws/echo`), { headers }));
    try {
      expect((await all.listTools()).tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['echo__reverse', 'memory__read_graph']),
      );
      const reversed = await all.callTool({ name: 'echo__reverse', arguments: { text: 'socket' } });
      expect(JSON.stringify(reversed.content)).toContain('tekcos');
      expect((await one.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'reverse']);
      const token = readFileSync(path.join(home, 'run', 'control.token'), 'utf8').trim();
      const sessions = await (
        await fetch(`${url}/api/v1/sessions`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      expect(JSON.stringify(sessions)).toContain('"transport":"websocket"');
    } finally {
      await all.close();
      await one.close();
    }
  });

  it('limits a key to its tool allowlist: it sees and calls only those tools', async () => {
    const created = await runCli(['key', 'create', '--name', 'echo-only', '--tools', 'echo__*', '--json'], {
      home,
    });
    expect(created.code, created.stderr).toBe(0);
    const limited = created.json<{ key: string; tools: string[] }>();
    expect(limited.tools).toEqual(['echo__*']);
    const client = await connect(`${url}/mcp`, limited.key);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.startsWith('echo__'))).toBe(true);
      await expect(client.callTool({ name: 'memory__read_graph' })).rejects.toThrow(/unknown tool/);
    } finally {
      await client.close();
    }
    const shown = await runCli(['key', 'tools', 'echo-only', '--json'], { home });
    expect(shown.json()).toMatchObject({ name: 'echo-only', tools: ['echo__*'] });
    const cleared = await runCli(['key', 'tools', 'echo-only', '--clear', '--json'], { home });
    expect(cleared.json()).toMatchObject({ tools: [] });
    // A session opened after the change sees every tool again.
    const again = await connect(`${url}/mcp`, limited.key);
    try {
      expect((await again.listTools()).tools.map((t) => t.name)).toContain('memory__read_graph');
    } finally {
      await again.close();
    }
  });
});

describe('a second, independent client: the MCP Inspector CLI', () => {
  it('lists and calls namespaced tools through the gateway with an API key', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const key = (await runCli(['key', 'create', '--name', 'inspector', '--json'], { home })).json<{
      key: string;
    }>().key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    // The detached platform runs with small V8 semi-spaces (a flag Node takes only at start).
    if (process.platform === 'linux') {
      const cmdline = readFileSync(`/proc/${up.json<{ pid: number }>().pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toContain('--max-semi-space-size=1');
    }
    const url = `${up.json<{ url: string }>().url}/mcp`;
    const cli = require.resolve('@modelcontextprotocol/inspector-cli/build/cli.js');
    const { execFile } = await import('node:child_process');
    const inspect = (args: string[]): Promise<string> =>
      new Promise((resolve, reject) =>
        // The inspector CLI must run from a folder whose parent has a package.json.
        execFile(
          process.execPath,
          [cli, '--cli', url, '--transport', 'http', '--header', `Authorization: Bearer ${key}`, ...args],
          { cwd: path.join(ROOT, 'test'), timeout: 60_000 },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
        ),
      );
    try {
      const list = JSON.parse(await inspect(['--method', 'tools/list'])) as { tools: { name: string }[] };
      expect(list.tools.map((t) => t.name).sort()).toEqual(['echo__echo', 'echo__reverse']);
      const call = JSON.parse(
        await inspect([
          '--method',
          'tools/call',
          '--tool-name',
          'echo__reverse',
          '--tool-arg',
          'text=inspector',
        ]),
      ) as { content: { text: string }[] };
      expect(call.content[0]!.text).toContain('rotcepsni');
    } finally {
      await runCli(['down'], { home });
    }
  });
});

describe('gateway edge', () => {
  it('answers malformed JSON with -32700 and an oversized body with 413 before reading it', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const up = await runCli(['up', '--no-auth', '--detach', '--port', '0', '--json'], { home });
    const url = `${up.json<{ url: string }>().url}/mcp`;
    try {
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      const bad = await fetch(url, {
        method: 'POST',
        headers,
        body: '{"jsonrpc": "2.0", "id": 1, "method": ',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
      const big = await fetch(url, { method: 'POST', headers, body: 'x'.repeat(5 * 1024 * 1024) });
      expect(big.status).toBe(413);
      const evil = await fetch(url, {
        method: 'POST',
        headers: { ...headers, origin: 'https://evil.example' },
        body: '{}',
      });
      expect(evil.status).toBe(403);
    } finally {
      await runCli(['down'], { home });
    }
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

/**
 * `mcp bridge` both ways with the reference server-everything: stdio -> Streamable HTTP (original names,
 * sampling relayed, 404 for an unknown session, SSE and WebSocket served too), then HTTP -> stdio and
 * WebSocket -> stdio over that bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { WebSocketClientTransport } from '../../src/transports/websocket-client.js';

import { BIN, runCli } from './cli-harness.js';

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

let bridge: ChildProcess;
let info: { url: string; mcp: string; sse: string; ws: string };

beforeAll(async () => {
  bridge = spawn(
    process.execPath,
    [
      BIN,
      'bridge',
      '--stdio',
      `"${process.execPath}" "${EVERYTHING}" stdio`,
      '--port',
      '0',
      '--output',
      'ws',
      '--json',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  info = await new Promise((resolve, reject) => {
    let out = '';
    bridge.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        resolve(JSON.parse(out) as typeof info);
      } catch {
        // not all of it yet
      }
    });
    bridge.once('exit', (code) => reject(new Error(`bridge exited with ${code}`)));
  });
}, 60_000);

afterAll(() => {
  bridge?.kill('SIGTERM');
});

/** Through `transport`: the server's original names, a call, and a sampling request answered by the client. */
async function expectEchoAndSampling(transport: Transport): Promise<void> {
  const client = new Client({ name: 'bridge-test', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    role: 'assistant',
    model: 'stub',
    content: { type: 'text', text: 'answer through the bridge' },
  }));
  await client.connect(transport);
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toContain('echo');
  expect(names.some((n) => n.includes('__'))).toBe(false);
  expect(
    JSON.stringify((await client.callTool({ name: 'echo', arguments: { message: 'hi' } })).content),
  ).toContain('hi');
  const sampled = await client.callTool({
    name: 'trigger-sampling-request',
    arguments: { prompt: 'q', maxTokens: 5 },
  });
  expect(JSON.stringify(sampled.content)).toContain('answer through the bridge');
  await client.close();
}

describe('mcp bridge', () => {
  it('serves a stdio server over Streamable HTTP with its original names, relaying sampling', async () => {
    await expectEchoAndSampling(new StreamableHTTPClientTransport(new URL(info.mcp)));
  });

  it('answers an unknown session with 404 and serves the legacy SSE transport too', async () => {
    const res = await fetch(info.mcp, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'nope',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(404);
    const sse = new Client({ name: 'bridge-sse', version: '1.0.0' });
    await sse.connect(new SSEClientTransport(new URL(info.sse)));
    expect((await sse.listTools()).tools.map((t) => t.name)).toContain('echo');
    await sse.close();
  });

  it('serves WebSocket (subprotocol mcp) on /ws, relaying sampling', async () => {
    expect(info.url).toBe(info.ws);
    expect(info.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    await expectEchoAndSampling(new WebSocketClientTransport(new URL(info.ws)));
  });

  it('refuses a WebSocket without the mcp subprotocol or on an unknown path, and answers a bad frame', async () => {
    const refused = (url: string, protocols: string[]): Promise<number> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, protocols);
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => reject(new Error(`${url} opened`)));
        ws.once('error', () => undefined);
      });
    expect(await refused(info.ws, ['graphql-ws'])).toBe(400);
    expect(await refused(`${info.ws}/elsewhere`, ['mcp'])).toBe(404);
    const ws = new WebSocket(info.ws, ['mcp']);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).toBe('mcp');
    const answer = new Promise<string>((resolve) => ws.once('message', (d: Buffer) => resolve(d.toString())));
    ws.send('{not json');
    expect(JSON.parse(await answer)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    ws.close();
  });

  it('exposes a remote WebSocket server on stdio (--url ws://)', async () => {
    const client = new Client({ name: 'bridge-ws-stdio', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'bridge', '--url', info.ws],
        stderr: 'pipe',
      }),
    );
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
    await client.close();
  });

  it('exposes a remote server on stdio (--url)', async () => {
    const client = new Client({ name: 'bridge-stdio', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'bridge', '--url', info.mcp],
        stderr: 'pipe',
      }),
    );
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(
      JSON.stringify((await client.callTool({ name: 'echo', arguments: { message: 'round trip' } })).content),
    ).toContain('round trip');
    await client.close();
  });
});

describe('mcp bridge: bad input', () => {
  it('answers a bad --port, an unknown --transport and a non-loopback host without a key with usage errors', async () => {
    for (const port of ['abc', '70000', '-1']) {
      const r = await runCli(['bridge', '--stdio', 'node x', '--port', port]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--port ${port} is not a port`);
    }
    const transport = await runCli(['bridge', '--url', 'http://127.0.0.1:9/mcp', '--transport', 'bogus']);
    expect(transport.code).toBe(2);
    expect(transport.stderr).toContain('--transport bogus is unknown');
    const host = await runCli(['bridge', '--stdio', 'node x', '--host', '0.0.0.0', '--port', '0']);
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('without --api-key');
  });

  it('says which port is taken', async () => {
    const taken = new URL(info.mcp).port;
    const r = await runCli(['bridge', '--stdio', 'node x', '--port', taken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${taken} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain('choose another with --port');
  });
});

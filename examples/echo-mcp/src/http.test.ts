import { request } from 'node:http';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { allowedHostHeaders, startHttpServer, type RunningHttpServer } from './http.js';
import { createEchoServer } from './server.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 't', version: '0' },
  },
};

/** A raw request, so tests can send headers `fetch` would not let them forge (Host). */
function send(
  url: URL,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method,
        headers: {
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          ...init.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

async function connect(url: URL): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(url);
  const client = new Client({ name: 'test', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}

describe('startHttpServer', () => {
  let running: RunningHttpServer;

  beforeEach(async () => {
    running = await startHttpServer({ createServer: createEchoServer, port: 0 });
  });

  afterEach(async () => {
    await running.close();
  });

  it('binds to 127.0.0.1 by default and serves MCP at /mcp', async () => {
    expect(running.url.hostname).toBe('127.0.0.1');
    expect(running.url.pathname).toBe('/mcp');
    const { client } = await connect(running.url);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'over http' } });
    expect(result.content).toEqual([{ type: 'text', text: 'over http' }]);
    await client.close();
  });

  it('gives each client its own session and forgets it on DELETE', async () => {
    const a = await connect(running.url);
    const b = await connect(running.url);
    expect(a.transport.sessionId).toBeTruthy();
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);

    await a.transport.terminateSession();
    const gone = await send(running.url, {
      method: 'POST',
      headers: { 'mcp-session-id': a.transport.sessionId ?? '' },
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    });
    expect(gone.status).toBe(404);
    // The other session is unaffected.
    expect((await b.client.listTools()).tools).toHaveLength(2);
    await a.client.close();
    await b.client.close();
  });

  it('rejects a foreign Host header (DNS rebinding protection)', async () => {
    const res = await send(running.url, {
      method: 'POST',
      headers: { host: `evil.example:${running.url.port}` },
      body: INITIALIZE,
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('Invalid Host');
  });

  it('rejects a cross-site Origin', async () => {
    const res = await send(running.url, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
      body: INITIALIZE,
    });
    expect(res.status).toBe(403);
  });

  it('accepts localhost as Host', async () => {
    const res = await send(running.url, {
      method: 'POST',
      headers: { host: `localhost:${running.url.port}` },
      body: INITIALIZE,
    });
    expect(res.status).toBe(200);
  });

  it('requires a session for anything but initialize', async () => {
    const post = await send(running.url, {
      method: 'POST',
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(post.status).toBe(400);
    const get = await send(running.url, { method: 'GET' });
    expect(get.status).toBe(400);
  });

  it('answers 404 outside /mcp', async () => {
    const res = await send(new URL('/other', running.url), { method: 'POST', body: INITIALIZE });
    expect(res.status).toBe(404);
  });
});

describe('startHttpServer host checks', () => {
  it('accepts the bound address and --allowed-host names, nothing else', async () => {
    // 127.0.0.2 is a loopback address on Linux, but not one of the default loopback names.
    const running = await startHttpServer({
      createServer: createEchoServer,
      host: '127.0.0.2',
      port: 0,
      allowedHosts: ['box'],
    });
    try {
      const { port } = running.url;
      const post = (host: string) =>
        send(running.url, { method: 'POST', headers: { host }, body: INITIALIZE });
      expect((await post(`127.0.0.2:${port}`)).status).toBe(200);
      expect((await post(`box:${port}`)).status).toBe(200);
      expect((await post(`box:1`)).status).toBe(403);
      expect((await post(`evil.example:${port}`)).status).toBe(403);
    } finally {
      await running.close();
    }
  });
});

describe('allowedHostHeaders', () => {
  it('adds the port to loopback names and to extras without one', () => {
    expect(allowedHostHeaders(8080, ['box', 'proxy:443'])).toEqual([
      '127.0.0.1:8080',
      'localhost:8080',
      '[::1]:8080',
      'box:8080',
      'proxy:443',
    ]);
  });
});

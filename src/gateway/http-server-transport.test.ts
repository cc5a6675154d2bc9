import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

import { HttpServerTransport } from './http-server-transport.js';

/** One SDK server per session behind the transport, sessions looked up by header. */
let http: HttpServer;
let url: string;
const sessions = new Map<string, HttpServerTransport>();

function mcpServer(): McpServer {
  const server = new McpServer({ name: 't', version: '1' }, { capabilities: { logging: {} } });
  server.registerTool('plain', { inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('chatty', {}, async (extra) => {
    const token = extra._meta?.progressToken;
    if (token !== undefined)
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: 1, total: 2 },
      });
    return { content: [{ type: 'text', text: 'done' }] };
  });
  server.registerTool('slow', {}, async () => {
    await new Promise((r) => setTimeout(r, 600));
    return { content: [{ type: 'text', text: 'late' }] };
  });
  server.registerTool('asks', {}, async (extra) => {
    const answer = await extra.sendRequest(
      { method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } },
      z.object({ content: z.object({ text: z.string() }) }).passthrough(),
    );
    return { content: [{ type: 'text', text: answer.content.text }] };
  });
  return server;
}

beforeAll(async () => {
  http = createServer((req, res) => {
    void (async () => {
      let body: unknown;
      if (req.method === 'POST') {
        let text = '';
        for await (const c of req) text += String(c);
        body = JSON.parse(text);
      }
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!transport) {
        if (id) return void res.writeHead(404).end();
        transport = new HttpServerTransport({
          sessionIdGenerator: randomUUID,
          onsessioninitialized: (sid) => sessions.set(sid, transport!),
          streamAfterMs: 300,
        });
        await mcpServer().connect(transport);
      }
      await transport.handleRequest(req, res, body);
    })();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  for (const t of sessions.values()) await t.close();
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
});

const headers = (sessionId?: string): Record<string, string> => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
  ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
});

async function openSession(): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  const id = res.headers.get('mcp-session-id')!;
  await res.json();
  const ack = await fetch(url, {
    method: 'POST',
    headers: headers(id),
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  expect(ack.status).toBe(202);
  return id;
}

const call = (sessionId: string, id: number, name: string, meta?: object): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: headers(sessionId),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name, arguments: { text: 'hi' }, ...(meta ? { _meta: meta } : {}) },
    }),
  });

describe('HttpServerTransport', () => {
  it('answers a request with nothing else to say as one JSON body, and a chatty one as a stream', async () => {
    const sid = await openSession();
    const plain = await call(sid, 1, 'plain');
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toMatchObject({ id: 1, result: { content: [{ text: 'hi' }] } });

    const quiet = await call(sid, 2, 'chatty');
    expect(quiet.headers.get('content-type')).toBe('application/json');
    await quiet.json();

    const chatty = await call(sid, 3, 'chatty', { progressToken: 'p' });
    expect(chatty.headers.get('content-type')).toBe('text/event-stream');
    const events = (await chatty.text()).split('\n\n').filter(Boolean);
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('"method":"notifications/progress"');
    expect(events[1]).toContain('"id":3');

    const slow = await call(sid, 4, 'slow');
    expect(slow.headers.get('content-type')).toBe('text/event-stream');
    expect(await slow.text()).toContain('late');
  });

  it('answers a batch with an array in request order of arrival', async () => {
    const sid = await openSession();
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...headers(sid), 'mcp-protocol-version': '2025-03-26' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'tools/list' },
        { jsonrpc: '2.0', id: 'b', method: 'ping' },
      ]),
    });
    const body = (await res.json()) as Array<{ id: string }>;
    expect(body.map((m) => m.id).sort()).toEqual(['a', 'b']);
  });

  it('refuses what the protocol refuses', async () => {
    const sid = await openSession();
    const post = (h: Record<string, string>, body: unknown = { jsonrpc: '2.0', id: 9, method: 'ping' }) =>
      fetch(url, { method: 'POST', headers: h, body: JSON.stringify(body) });
    expect((await post({ ...headers(sid), accept: 'application/json' })).status).toBe(406);
    expect((await post({ ...headers(sid), 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ ...headers(sid), 'mcp-protocol-version': '1999-01-01' })).status).toBe(400);
    const bad = await post(headers(sid), { jsonrpc: '1.0', id: 1, method: 'ping' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);
    // Shapes the SDK's protocol layer would drop unanswered are refused here, not left hanging.
    for (const shape of [
      { jsonrpc: '2.0', id: 1, method: 'ping', params: 'x' },
      { jsonrpc: '2.0', id: 1.5, method: 'ping' },
      { jsonrpc: '2.0', id: 1, method: 'ping', extra: true },
      { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { progressToken: {} } } },
    ])
      expect((await post(headers(sid), shape)).status, JSON.stringify(shape)).toBe(400);
    const related = await post(headers(sid), {
      jsonrpc: '2.0',
      id: 2,
      method: 'ping',
      params: { _meta: { progressToken: 'p', 'io.modelcontextprotocol/related-task': { taskId: 't' } } },
    });
    expect(related.status).toBe(200);
    const again = await post(headers(sid), {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    });
    expect(again.status).toBe(400);

    const stream = await fetch(url, { headers: { ...headers(sid), accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const second = await fetch(url, { headers: { ...headers(sid), accept: 'text/event-stream' } });
    expect(second.status).toBe(409);
    await stream.body?.cancel();

    const del = await fetch(url, { method: 'DELETE', headers: headers(sid) });
    expect(del.status).toBe(200);
    expect((await post(headers(sid))).status).toBe(404);
  });

  it('carries a server-to-client request of a call on that call’s stream, with the official client', async () => {
    const client = new Client({ name: 'c', version: '1' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      model: 'm',
      content: { type: 'text', text: 'sampled' },
    }));
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const result = await client.callTool({ name: 'asks' });
    expect(result.content).toEqual([{ type: 'text', text: 'sampled' }]);
    expect((await client.callTool({ name: 'plain', arguments: { text: 'x' } })).content).toEqual([
      { type: 'text', text: 'x' },
    ]);
    await client.close();
  });
});

/**
 * The legacy HTTP+SSE transport (`/sse`, `/sse/<server>`, `/messages`) over the same gateway: an SDK
 * `SSEClientTransport` client sees the same aggregate, calls through it, gets list_changed and answers
 * server-to-client requests; unknown sessions get 404 and closed streams leave the registry.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  firstText,
  fixture,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startGateway({ interactive: fixture('interactive.mjs'), paged: fixture('paged.mjs') });
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await gw?.close();
});

async function sseClient(
  path = '/sse',
  capabilities: ClientCapabilities = {},
  setup?: (c: Client) => void,
): Promise<Client> {
  const client = new Client({ name: 'legacy-sse-test', version: '1.0.0' }, { capabilities });
  setup?.(client);
  await client.connect(new SSEClientTransport(new URL(path, gw.origin)));
  clients.push(client);
  return client;
}

describe('gateway: legacy HTTP+SSE transport', () => {
  it('lists the aggregate with namespaced names and routes calls', async () => {
    const client = await sseClient();
    expect(client.getServerVersion()?.name).toBe('mcp-platform-gateway');
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['interactive__ask-sampling', 'paged__grow', 'paged__t1']));
    expect(firstText(await client.callTool({ name: 'paged__t1' }))).toBe('ran t1');
  });

  it('serves one server with its original names at /sse/<server>', async () => {
    const client = await sseClient('/sse/paged');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('t1');
    expect(firstText(await client.callTool({ name: 't2' }))).toBe('ran t2');
  });

  it('sends list_changed when a server changes its tools', async () => {
    let changes = 0;
    const watcher = await sseClient('/sse', {}, (c) =>
      c.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changes++),
    );
    const caller = await sseClient();
    const before = (await watcher.listTools()).tools.length;
    await caller.callTool({ name: 'paged__grow' });
    await until(() => changes > 0, 5000, 'tools/list_changed over SSE');
    expect((await watcher.listTools()).tools.length).toBe(before + 1);
  });

  it('relays a server-to-client request (sampling) to the SSE client and its answer back', async () => {
    const client = await sseClient('/sse', { sampling: {} }, (c) =>
      c.setRequestHandler(CreateMessageRequestSchema, async () => ({
        role: 'assistant',
        model: 'test-model',
        content: { type: 'text', text: 'over sse' },
      })),
    );
    const result = await client.callTool({
      name: 'interactive__ask-sampling',
      arguments: { question: 'legacy?' },
    });
    expect(firstText(result)).toBe('sampled: over sse');
  });

  it('answers 404 for an unknown session, 400 without one, 405 for other methods', async () => {
    const post = (query: string): Promise<Response> =>
      fetch(`${gw.origin}/messages${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
    expect((await post('?sessionId=00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await post('')).status).toBe(400);
    expect((await fetch(`${gw.origin}/messages`)).status).toBe(405);
    expect((await fetch(`${gw.origin}/sse`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${gw.origin}/sse/nope`)).status).toBe(404);
  });

  it('keeps the transports apart: a Streamable HTTP session id is unknown on /messages', async () => {
    const streamable = await gw.connect();
    await streamable.ping();
    const transport = (streamable as unknown as { transport: { sessionId?: string } }).transport;
    const res = await fetch(`${gw.origin}/messages?sessionId=${transport.sessionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(404);
  });

  it('forgets the session when its stream closes', async () => {
    const before = gw.gateway.sessionCount;
    const client = new Client({ name: 'short-lived', version: '1.0.0' });
    const transport = new SSEClientTransport(new URL('/sse', gw.origin));
    await client.connect(transport);
    await client.ping();
    expect(gw.gateway.sessionCount).toBe(before + 1);
    await client.close();
    await until(() => gw.gateway.sessionCount === before, 5000, 'the SSE session to be removed');
  });

  it('claims its paths and no others', () => {
    for (const p of ['/sse', '/sse/', '/sse/paged', '/messages', '/mcp', '/mcp/paged'])
      expect(gw.gateway.owns(p), p).toBe(true);
    for (const p of ['/ssex', '/sse/a/b', '/messages/x', '/api/v1/status'])
      expect(gw.gateway.owns(p), p).toBe(false);
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  CreateMessageResultSchema,
  LATEST_PROTOCOL_VERSION,
  ToolListChangedNotificationSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';

import { createLogger } from '../observability/logger.js';

import { TransportRelay, type TransportRelayOptions } from './transport-relay.js';

const logger = createLogger({ level: 'error' });

/** An SDK server with a plain tool, a tool that asks the client for sampling, and one that grows the list. */
function upstreamServer(): McpServer {
  const server = new McpServer({ name: 'upstream', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('ask', {}, async (extra) => {
    const result = await extra.sendRequest(
      { method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } },
      CreateMessageResultSchema,
    );
    return { content: [{ type: 'text', text: `client said ${JSON.stringify(result.content)}` }] };
  });
  server.registerTool('grow', {}, async () => {
    server.registerTool('grown', {}, async () => ({ content: [] }));
    return { content: [] };
  });
  return server;
}

/** client <-> [relay.client | relay | relay.upstream] <-> server, all in memory. */
async function chain(extra: Partial<TransportRelayOptions> = {}, upstream?: Transport) {
  const [clientEnd, relayClient] = InMemoryTransport.createLinkedPair();
  const [relayUpstream, serverEnd] = InMemoryTransport.createLinkedPair();
  const server = upstreamServer();
  await server.connect(serverEnd);
  const relay = new TransportRelay({
    client: relayClient,
    upstream: upstream ?? relayUpstream,
    logger,
    ...extra,
  });
  await relay.start();
  const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities: { sampling: {} } });
  return { relay, client, clientEnd, relayUpstream, server };
}

describe('TransportRelay', () => {
  it('relays requests, results, server-to-client requests and notifications both ways', async () => {
    const { relay, client, clientEnd } = await chain();
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changed++);
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      model: 'm',
      content: { type: 'text', text: 'yes' },
    }));
    await client.connect(clientEnd);
    expect(client.getServerVersion()?.name).toBe('upstream');
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'ask', 'grow']);
    const echoed = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'hi' }]);
    const asked = await client.callTool({ name: 'ask' });
    expect(JSON.stringify(asked.content)).toContain('client said');
    expect(JSON.stringify(asked.content)).toContain('yes');
    await client.callTool({ name: 'grow' });
    await vi.waitFor(() => expect(changed).toBeGreaterThan(0));
    await client.close();
    expect(await relay.ended).toEqual({ reason: 'client-closed' });
  });

  it('tells the upstream transport the negotiated protocol version', async () => {
    const { client, clientEnd, relayUpstream: up } = await chain();
    const setProtocolVersion = vi.fn();
    (up as Transport).setProtocolVersion = setProtocolVersion;
    await client.connect(clientEnd);
    expect(setProtocolVersion).toHaveBeenCalledWith(LATEST_PROTOCOL_VERSION);
    await client.close();
  });

  it('ends the upstream session and closes it when the client side closes', async () => {
    const beforeUpstreamClose = vi.fn(async () => undefined);
    const { relay, client, clientEnd, relayUpstream } = await chain({ beforeUpstreamClose });
    const upstreamClosed = vi.fn();
    const original = relayUpstream.onclose;
    relayUpstream.onclose = () => {
      upstreamClosed();
      original?.();
    };
    await client.connect(clientEnd);
    await client.close();
    await relay.ended;
    expect(beforeUpstreamClose).toHaveBeenCalledOnce();
    expect(upstreamClosed).toHaveBeenCalled();
  });

  it('ends with upstream-lost when the upstream side closes, and closes the client side', async () => {
    const { relay, client, clientEnd, server } = await chain();
    const clientClosed = new Promise<void>((resolve) => (client.onclose = resolve));
    await client.connect(clientEnd);
    await server.close();
    const end = await relay.ended;
    expect(end.reason).toBe('upstream-lost');
    await clientClosed;
  });

  it('answers a request whose send failed transiently with an error, and ends on a fatal failure', async () => {
    const sent: JSONRPCMessage[] = [];
    let failure: Error = new Error('HTTP 500');
    const upstream: Transport = {
      start: async () => undefined,
      close: async () => undefined,
      send: async (m) => {
        sent.push(m);
        throw failure;
      },
    };
    const { relay, clientEnd } = await chain(
      { classify: (e) => (e.message === 'HTTP 500' ? 'transient' : 'fatal') },
      upstream,
    );
    const received: JSONRPCMessage[] = [];
    clientEnd.onmessage = (m) => void received.push(m);
    await clientEnd.start();
    await clientEnd.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(sent).toEqual([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }]);
    expect(received[0]).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'gateway: HTTP 500' },
    });
    failure = new Error('fetch failed');
    await clientEnd.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    const end = await relay.ended;
    expect(end).toMatchObject({ reason: 'upstream-lost', error: { message: 'fetch failed' } });
  });

  it('pings the upstream side while idle, swallows the answers, and ends when one goes unanswered', async () => {
    const { relay, client, clientEnd, relayUpstream } = await chain({
      keepAlive: { intervalMs: 30, timeoutMs: 100 },
    });
    const seen: JSONRPCMessage[] = [];
    await client.connect(clientEnd);
    const onmessage = clientEnd.onmessage!;
    clientEnd.onmessage = (m) => {
      seen.push(m);
      onmessage(m);
    };
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual([]); // ping answers never reach the client
    // The upstream stops answering: its messages are dropped.
    relayUpstream.onmessage = () => undefined;
    expect(await relay.ended).toMatchObject({
      reason: 'upstream-lost',
      error: { message: 'no answer to a keep-alive ping within 100 ms' },
    });
  });
});

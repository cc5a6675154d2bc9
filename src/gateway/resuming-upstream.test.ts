import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  ToolListChangedNotificationSchema,
  UnsubscribeRequestSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';

import { createLogger } from '../observability/logger.js';

import { ResumingUpstream, type UpstreamConnection } from './resuming-upstream.js';
import { TransportRelay, type RelayEnd } from './transport-relay.js';

const logger = createLogger({ level: 'error' });

/** An error with an HTTP status, as a refused WebSocket handshake has. */
class Refusal extends Error {
  constructor(readonly status: number) {
    super(`refused with ${status}`);
  }
}

/**
 * Stands in for the platform: each `open()` is a new connection to a new gateway session (an SDK server),
 * numbered, that records what it was told. The platform can be down (opening fails), refuse (a 401), drop
 * the current connection, or stop answering pings.
 */
class FakePlatform {
  connections = 0;
  down = false;
  refuse: Error | undefined;
  silent = false;
  readonly received: JSONRPCMessage[][] = [];
  readonly levels: string[] = [];
  readonly subscribed: string[] = [];
  private current: InMemoryTransport | undefined;
  /** Resolves the pending `wait` calls (they never answer otherwise). */
  private readonly waiting: Array<() => void> = [];

  async open(): Promise<UpstreamConnection> {
    if (this.refuse) throw this.refuse;
    if (this.down) throw new Error('connect ECONNREFUSED');
    const n = this.connections++;
    const [ours, theirs] = InMemoryTransport.createLinkedPair();
    const server = new Server(
      { name: 'gateway', version: '1' },
      {
        capabilities: {
          tools: { listChanged: true },
          prompts: { listChanged: true },
          resources: { subscribe: true, listChanged: true },
          logging: {},
        },
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: [{ name: 'echo', inputSchema: { type: 'object' } }],
    }));
    server.setRequestHandler(CallToolRequestSchema, async (req) => {
      if (req.params.name === 'wait') await new Promise<void>((r) => this.waiting.push(r));
      return { content: [{ type: 'text', text: `connection ${n}: ${String(req.params.arguments?.text)}` }] };
    });
    server.setRequestHandler(SetLevelRequestSchema, async (req) => {
      this.levels.push(`${n}:${req.params.level}`);
      return {};
    });
    server.setRequestHandler(SubscribeRequestSchema, async (req) => {
      this.subscribed.push(`${n}:${req.params.uri}`);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async () => ({}));
    await server.connect(theirs);
    const received: JSONRPCMessage[] = [];
    this.received.push(received);
    const deliver = theirs.onmessage!;
    theirs.onmessage = (message, extra) => {
      received.push(message);
      if (this.silent && 'method' in message && message.method === 'ping') return;
      deliver(message, extra);
    };
    this.current = theirs;
    return { transport: ours };
  }

  /** The current connection breaks. */
  async drop(): Promise<void> {
    for (const release of this.waiting.splice(0)) release();
    await this.current?.close();
  }
}

interface Harness {
  platform: FakePlatform;
  client: Client;
  relay: TransportRelay;
  notices: string[];
  listChanged: number;
}

const open: Array<{ client: Client; relay: TransportRelay }> = [];
afterEach(async () => {
  for (const { client, relay } of open.splice(0)) {
    await client.close().catch(() => undefined);
    await relay.close().catch(() => undefined);
  }
});

/** client <-> relay <-> ResumingUpstream <-> (connection n) <-> FakePlatform, all in memory. */
async function harness(
  options: { holdMs?: number; keepAlive?: { intervalMs: number; timeoutMs: number } } = {},
  connectClient = true,
): Promise<Harness> {
  const platform = new FakePlatform();
  const notices: string[] = [];
  const upstream = new ResumingUpstream({
    open: () => platform.open(),
    classify: () => 'fatal',
    refused: (error) => error instanceof Refusal,
    keepAlive: options.keepAlive ?? { intervalMs: 60_000, timeoutMs: 1000 },
    holdMs: options.holdMs ?? 2000,
    retry: { initialMs: 10, maxMs: 40 },
    logger,
    onNotice: (m) => notices.push(m),
  });
  const [clientEnd, relayClient] = InMemoryTransport.createLinkedPair();
  const relay = new TransportRelay({ client: relayClient, upstream, logger, classify: () => 'fatal' });
  await relay.start();
  const client = new Client({ name: 'desktop', version: '2.0' }, { capabilities: { roots: {} } });
  const h: Harness = { platform, client, relay, notices, listChanged: 0 };
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void h.listChanged++);
  open.push({ client, relay });
  if (connectClient) await client.connect(clientEnd);
  return h;
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const textOf = (result: unknown): string =>
  ((result as { content: Array<{ text: string }> }).content[0] ?? { text: '' }).text;

describe('ResumingUpstream', () => {
  it('replays the session on a new connection when the connection is lost, and tells the client the lists may have changed', async () => {
    const h = await harness();
    await h.client.setLoggingLevel('debug');
    await h.client.subscribeResource({ uri: 'res://a' });
    await h.client.subscribeResource({ uri: 'res://b' });
    await h.client.unsubscribeResource({ uri: 'res://b' });
    expect(textOf(await h.client.callTool({ name: 'echo', arguments: { text: 'one' } }))).toBe(
      'connection 0: one',
    );

    await h.platform.drop();
    await until(() => h.notices.some((n) => n.startsWith('reconnected')), 'the reconnection');
    expect(textOf(await h.client.callTool({ name: 'echo', arguments: { text: 'two' } }))).toBe(
      'connection 1: two',
    );
    // The new session was opened with the client's own initialize, and given its log level and subscriptions.
    const init = h.platform.received[1]!.find((m) => 'method' in m && m.method === 'initialize');
    expect(init).toMatchObject({
      params: { clientInfo: { name: 'desktop', version: '2.0' }, capabilities: { roots: {} } },
    });
    expect(
      h.platform.received[1]!.some((m) => 'method' in m && m.method === 'notifications/initialized'),
    ).toBe(true);
    expect(h.platform.levels).toEqual(['0:debug', '1:debug']);
    expect(h.platform.subscribed).toEqual(['0:res://a', '0:res://b', '1:res://a']);
    await until(() => h.listChanged === 1, 'tools/list_changed');
    expect(h.notices[0]).toMatch(/^lost the gateway \(.*\); reconnecting$/);
  });

  it('answers a request in flight when the connection goes with an error, and sends one made meanwhile once it is back', async () => {
    const h = await harness();
    await h.client.listTools();
    const inflight = h.client.callTool({ name: 'wait' });
    await until(
      () => h.platform.received[0]!.some((m) => 'params' in m && m.params?.name === 'wait'),
      'the call',
    );
    h.platform.down = true;
    await h.platform.drop();
    await expect(inflight).rejects.toThrow(
      /lost during this request; it may or may not have been carried out/,
    );

    const meanwhile = h.client.callTool({ name: 'echo', arguments: { text: 'held' } });
    // A notification while no connection is open is dropped, not replayed.
    await h.client.notification({ method: 'notifications/cancelled', params: { requestId: 'gone' } });
    await new Promise((r) => setTimeout(r, 100));
    h.platform.down = false;
    expect(textOf(await meanwhile)).toBe('connection 1: held');
    expect(h.platform.received[1]!.some((m) => 'method' in m && m.method === 'notifications/cancelled')).toBe(
      false,
    );
  });

  it('answers a request with an error when the gateway stays unreachable for longer than holdMs', async () => {
    const h = await harness({ holdMs: 150 });
    await h.client.listTools();
    h.platform.down = true;
    await h.platform.drop();
    await expect(h.client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(
      /gateway is not reachable.*mcp up --detach/,
    );
    // It goes on trying: the platform is back, and so is the session.
    h.platform.down = false;
    await until(() => h.notices.some((n) => n.startsWith('reconnected')), 'the reconnection');
    expect(textOf(await h.client.callTool({ name: 'echo', arguments: { text: 'y' } }))).toBe(
      'connection 1: y',
    );
  });

  it('ends when the platform refuses the new connection (a revoked key)', async () => {
    const h = await harness();
    await h.client.listTools();
    h.platform.refuse = new Refusal(401);
    await h.platform.drop();
    const end: RelayEnd = await h.relay.ended;
    expect(end).toMatchObject({ reason: 'upstream-lost', error: { status: 401 } });
  });

  it('ends when the connection is lost before the session began', async () => {
    const h = await harness({}, false);
    await h.platform.drop();
    const end = await h.relay.ended;
    expect(end.reason).toBe('upstream-lost');
    expect(h.platform.connections).toBe(1);
  });

  it('counts an unanswered keep-alive ping as a lost connection', async () => {
    const h = await harness({ keepAlive: { intervalMs: 30, timeoutMs: 60 } });
    await h.client.listTools();
    h.platform.silent = true;
    await until(() => h.platform.connections === 2, 'a second connection');
    h.platform.silent = false;
    await until(() => h.notices.some((n) => n.startsWith('reconnected')), 'the reconnection');
    expect(h.notices[0]).toContain('no answer to a keep-alive ping within 60 ms');
    expect(textOf(await h.client.callTool({ name: 'echo', arguments: { text: 'z' } }))).toBe(
      'connection 1: z',
    );
  });
});

/**
 * The gateway's WebSocket endpoint at its limits: a frame over the body limit closes that socket with 1009
 * (and the gateway goes on serving), and a socket that stops answering pings is ended and its session
 * leaves the registry, while one that answers stays open.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { fixture, startGateway, until, type GatewayFixture } from '../../test/fixtures/gateway/harness.js';
import { WebSocketClientTransport } from '../transports/websocket-client.js';

const MAX_BODY = 4096;
const KEEP_ALIVE_MS = 150;

let gw: GatewayFixture;
let wsOrigin: string;

beforeAll(async () => {
  gw = await startGateway(
    { paged: fixture('paged.mjs') },
    {},
    { maxBodyBytes: MAX_BODY, keepAliveMs: KEEP_ALIVE_MS },
  );
  wsOrigin = gw.origin.replace(/^http/, 'ws');
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

/** Opens a raw socket with the `mcp` subprotocol. */
async function rawSocket(options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${wsOrigin}/ws`, ['mcp'], options);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

const initialize = (id: number): string =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });

describe('gateway: WebSocket limits', () => {
  it('closes a socket whose frame is over the body limit with 1009, and serves the next session', async () => {
    const ws = await rawSocket();
    const closed = closeCode(ws);
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'paged__t1', arguments: { pad: 'x'.repeat(MAX_BODY) } },
      }),
    );
    expect(await closed).toBe(1009);

    const client = new Client({ name: 'ws-after-1009', version: '1.0.0' });
    await client.connect(new WebSocketClientTransport(new URL(`${wsOrigin}/ws`)));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('paged__t1');
    await client.close();
  });

  it('ends a socket that misses a ping’s pong and drops its session; one that answers stays open', async () => {
    const before = gw.gateway.sessionCount;
    const silent = await rawSocket({ autoPong: false });
    const answering = await rawSocket();
    let pings = 0;
    answering.on('ping', () => (pings += 1));
    // Both open a session, so the registry holds them.
    for (const [i, ws] of [silent, answering].entries()) {
      const answered = new Promise((resolve) => ws.once('message', resolve));
      ws.send(initialize(i + 1));
      await answered;
    }
    expect(gw.gateway.sessionCount).toBe(before + 2);

    const silentClosed = closeCode(silent);
    // The first ping goes out after one interval; the next tick finds no pong and ends the socket.
    expect(await silentClosed).toBe(1006);
    await until(() => gw.gateway.sessionCount === before + 1, 2000, 'the silent session to leave');

    await until(() => pings >= 3, 3000, 'three pings');
    expect(answering.readyState).toBe(WebSocket.OPEN);
    const closed = closeCode(answering);
    answering.close(1000);
    expect(await closed).toBe(1000);
    await until(() => gw.gateway.sessionCount === before, 2000, 'the answering session to leave');
  });
});

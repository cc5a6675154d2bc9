/**
 * Session lifetime at the gateway edge: a session answers only the credential that opened it (Streamable
 * HTTP and legacy SSE), sessions without requests or open streams expire, and quiet event streams get
 * keep-alive comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixture, startGateway, until, type GatewayFixture } from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;

beforeAll(async () => {
  gw = await startGateway(
    { paged: fixture('paged.mjs') },
    {},
    {
      principalOf: (req) => String(req.headers['x-who'] ?? ''),
      sessionIdleMs: 400,
      keepAliveMs: 100,
    },
  );
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

const ACCEPT = 'application/json, text/event-stream';

async function post(who: string, body: unknown, sessionId?: string): Promise<Response> {
  return fetch(new URL('/mcp', gw.origin), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: ACCEPT,
      'x-who': who,
      ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** Opens a session as `who` and returns its id. */
async function open(who: string): Promise<string> {
  const res = await post(who, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  expect(res.status).toBe(200);
  await res.text();
  const id = res.headers.get('mcp-session-id')!;
  const done = await post(who, { jsonrpc: '2.0', method: 'notifications/initialized' }, id);
  expect(done.status).toBe(202);
  return id;
}

const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };

/** Reads an event stream until its text contains `needle`; fails if the stream ends first. */
async function readUntil(body: ReadableStream<Uint8Array>, needle: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${needle}: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe('gateway sessions', () => {
  it('answers a session only for the credential that opened it', async () => {
    const id = await open('alice');
    const stolen = await post('mallory', ping, id);
    expect(stolen.status).toBe(404);
    expect(await stolen.json()).toMatchObject({ error: { code: -32001, message: 'Session not found' } });
    const own = await post('alice', ping, id);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('"result":{}');
  });

  it('binds a legacy SSE session to the credential of its stream', async () => {
    const ac = new AbortController();
    const stream = await fetch(new URL('/sse', gw.origin), {
      headers: { accept: 'text/event-stream', 'x-who': 'alice' },
      signal: ac.signal,
    });
    const text = await readUntil(stream.body!, 'sessionId=');
    const endpoint = /data: (\S+)/.exec(text)![1]!;
    const message = (who: string): Promise<Response> =>
      fetch(new URL(endpoint, gw.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-who': who },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2024-11-05',
            capabilities: {},
            clientInfo: { name: 't', version: '1' },
          },
        }),
      });
    expect((await message('mallory')).status).toBe(404);
    expect((await message('alice')).status).toBe(202);
    ac.abort();
  });

  it('closes sessions that saw no request for the idle timeout', async () => {
    const id = await open('bob');
    expect(gw.gateway.sessionCount).toBeGreaterThan(0);
    await until(() => gw.gateway.sessionCount === 0, 5000, 'idle sessions to expire');
    expect((await post('bob', ping, id)).status).toBe(404);
    expect(gw.logs.some((l) => l.includes('closing idle client session'))).toBe(true);
  });

  it('keeps a session with an open event stream, and sends keep-alive comments on it', async () => {
    const id = await open('carol');
    const ac = new AbortController();
    const stream = await fetch(new URL('/mcp', gw.origin), {
      headers: {
        accept: 'text/event-stream',
        'x-who': 'carol',
        'mcp-session-id': id,
        'mcp-protocol-version': '2025-06-18',
      },
      signal: ac.signal,
    });
    expect(stream.status).toBe(200);
    await readUntil(stream.body!, ': keep-alive');
    // Well past the idle timeout, the session is still there because its stream is open.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await post('carol', ping, id)).status).toBe(200);
    ac.abort();
    await until(() => gw.gateway.sessionCount === 0, 5000, 'expiry after the stream closed');
    expect((await post('carol', ping, id)).status).toBe(404);
  });
});

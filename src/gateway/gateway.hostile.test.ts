/**
 * Hostile input at the gateway: malformed JSON, wrong JSON-RPC shapes, batches, unknown methods, oversized
 * and chunked bodies, foreign session ids and path tricks, then a property-based fuzz (fast-check) of
 * arbitrary bodies, headers and paths. The gateway must stay up and every answer must be well-formed:
 * HTTP 2xx/4xx with a JSON-RPC body (or an SSE stream of JSON-RPC messages), never a 5xx or a hang.
 */
import { request as httpRequest } from 'node:http';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixture, startGateway, type GatewayFixture } from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;
let sessionId = '';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
};

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** One raw HTTP exchange (no client-side validation in the way). */
function send(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(gw.origin);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          ...(sessionId && !('mcp-session-id' in headers) ? { 'mcp-session-id': sessionId } : {}),
          'mcp-protocol-version': '2025-06-18',
          ...headers,
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.on('error', reject);
    if (body !== undefined && chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 64 * 1024) req.write(buf.subarray(i, i + 64 * 1024));
    } else if (body !== undefined) {
      req.setHeader('content-length', Buffer.byteLength(body));
      req.write(body);
    }
    req.end();
  });
}

/** The JSON-RPC messages of an answer (a JSON body or the data lines of an SSE stream). */
function messages(a: Answer): unknown[] {
  if (!a.body) return [];
  if (a.type.startsWith('text/event-stream')) {
    return a.body
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as unknown);
  }
  const parsed = JSON.parse(a.body) as unknown;
  return Array.isArray(parsed) ? parsed : [parsed];
}

function wellFormed(a: Answer): void {
  expect(a.status, a.body).toBeLessThan(500);
  for (const m of messages(a)) {
    expect(m).toMatchObject({ jsonrpc: '2.0' });
    const msg = m as Record<string, unknown>;
    const isResponse = 'result' in msg || 'error' in msg;
    if (isResponse && 'error' in msg) {
      expect(msg.error).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
    }
  }
}

beforeAll(async () => {
  gw = await startGateway({ paged: fixture('paged.mjs') }, {}, { maxBodyBytes: 64 * 1024 });
  const init = await send('POST', '/mcp', JSON.stringify(INIT), { 'mcp-session-id': '' });
  sessionId = '';
  const res = await fetch(new URL('/mcp', gw.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(INIT),
  });
  await res.text();
  expect(init.status).toBe(200);
  sessionId = res.headers.get('mcp-session-id')!;
  await send('POST', '/mcp', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

async function stillServes(): Promise<void> {
  const a = await send('POST', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 'alive', method: 'ping' }));
  expect(a.status).toBe(200);
  expect(messages(a)).toEqual([{ jsonrpc: '2.0', id: 'alive', result: {} }]);
}

describe('gateway: hostile input', () => {
  it('answers malformed JSON with -32700 and wrong shapes with a JSON-RPC error', async () => {
    const bad = await send('POST', '/mcp', '{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(bad.status).toBe(400);
    expect(messages(bad)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: -32700 }) }),
    ]);
    for (const body of ['42', '"x"', 'null', '{"id":1}', '{"jsonrpc":"1.0","id":1,"method":"ping"}', '[]']) {
      const a = await send('POST', '/mcp', body);
      expect(a.status, body).toBe(400);
      wellFormed(a);
    }
    await stillServes();
  });

  it('refuses batches where the negotiated version has none (2025-06-18 on), allows them before', async () => {
    const batch = JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
    const refused = await send('POST', '/mcp', batch);
    expect(refused.status).toBe(400);
    expect(messages(refused)).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({
          code: -32600,
          message: expect.stringMatching(/batches are not supported/),
        }),
      }),
    ]);
    const old = await send('POST', '/mcp', batch, { 'mcp-protocol-version': '2025-03-26' });
    expect(old.status).toBe(200);
    expect(
      messages(old)
        .map((m) => (m as { id: number }).id)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('answers an unknown method with -32601', async () => {
    const a = await send('POST', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'no/such/method' }));
    expect(messages(a)).toEqual([
      expect.objectContaining({ id: 7, error: expect.objectContaining({ code: -32601 }) }),
    ]);
  });

  it('refuses oversized bodies with 413, chunked ones too, and keeps serving', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(200_000) },
    });
    const plain = await send('POST', '/mcp', big, { 'mcp-session-id': '' });
    expect(plain.status).toBe(413);
    const chunked = await send('POST', '/mcp', big, { 'mcp-session-id': '' }, true);
    expect(chunked.status).toBe(413);
    const inSession = await send('POST', '/mcp', big);
    expect(inSession.status).toBe(413);
    await stillServes();
  });

  it('answers unknown and foreign session ids with 404, and path tricks with 404', async () => {
    expect(
      (
        await send('POST', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }), {
          'mcp-session-id': 'nope',
        })
      ).status,
    ).toBe(404);
    // A session belongs to the path it was opened on.
    expect(
      (await send('POST', '/mcp/paged', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }))).status,
    ).toBe(404);
    for (const p of [
      '/mcp/..',
      '/mcp/%2e%2e',
      '/mcp/paged%2F..',
      '/mcp/paged/extra',
      '/mcp/%E0%A4%A',
      '/mcp/nosuch',
      '/mcp//paged',
    ]) {
      const a = await send('POST', p, JSON.stringify(INIT), { 'mcp-session-id': '' });
      expect([404, 400], `${p}: ${a.status}`).toContain(a.status);
    }
    await stillServes();
  });

  it('survives arbitrary bodies in a session: every answer is well-formed', async () => {
    const jsonRpcish = fc.record(
      {
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()),
        id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()),
        method: fc.oneof(
          fc.constantFrom(
            'ping',
            'tools/list',
            'tools/call',
            'resources/read',
            'prompts/get',
            'logging/setLevel',
            'completion/complete',
            'resources/subscribe',
            'initialize',
            'notifications/cancelled',
          ),
          fc.string(),
        ),
        params: fc.oneof(
          fc.object(),
          fc.anything(),
          fc.record({ name: fc.string(), uri: fc.string(), cursor: fc.string(), level: fc.string() }),
        ),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      jsonRpcish.map((m) => JSON.stringify(m)),
      fc.array(jsonRpcish, { maxLength: 4 }).map((m) => JSON.stringify(m)),
      fc.json(),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        wellFormed(await send('POST', '/mcp', b));
      }),
      { numRuns: 150 },
    );
    await stillServes();
  }, 120_000);

  it('survives arbitrary methods, paths and headers outside a session', async () => {
    const path = fc.oneof(
      fc.constantFrom('/mcp', '/mcp/paged', '/sse', '/messages', '/mcp/'),
      fc.string({ maxLength: 30 }).map((s) => `/mcp/${encodeURIComponent(s)}`),
      fc.string({ maxLength: 30 }).map((s) => `/messages?sessionId=${encodeURIComponent(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS'),
        path,
        fc.string({ maxLength: 40 }),
        fc.oneof(
          fc.constant(''),
          fc.uuid(),
          fc.string({ maxLength: 20 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
        ),
        async (method, p, b, sid) => {
          if (p.startsWith('/sse') && method === 'GET') return; // a stream that stays open by design
          const a = await send(method, p, method === 'GET' || method === 'DELETE' ? undefined : b, {
            'mcp-session-id': sid,
          });
          expect(a.status, `${method} ${p}`).toBeLessThan(500);
          if (a.body && a.type.includes('json')) wellFormed(a);
        },
      ),
      { numRuns: 150 },
    );
    await stillServes();
  }, 120_000);
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';

import { startHttpFixture, type HttpFixture } from '../../test/fixtures/remote/http-fixture.js';
import { createTransport, resolveTransportStrategy, transportRegistry } from './create-transport.js';
import { TRANSPORT_KINDS } from './types.js';

describe('resolveTransportStrategy', () => {
  it('lets the URL scheme decide for unix and ws, the transport field for http', () => {
    expect(resolveTransportStrategy({ url: 'unix:///tmp/s.sock', transport: 'auto' })).toBe('unix');
    expect(resolveTransportStrategy({ url: 'wss://x/mcp', transport: 'auto' })).toBe('websocket');
    expect(resolveTransportStrategy({ url: 'ws://x/mcp', transport: 'websocket' })).toBe('websocket');
    expect(resolveTransportStrategy({ url: 'https://x/mcp', transport: 'auto' })).toBe('auto');
    expect(resolveTransportStrategy({ url: 'http://x/sse', transport: 'sse' })).toBe('sse');
    expect(resolveTransportStrategy({ url: 'http://x/mcp', transport: 'streamable-http' })).toBe(
      'streamable-http',
    );
  });

  it('rejects contradictions with a hint, and never echoes URL secrets', () => {
    expect(() => resolveTransportStrategy({ url: 'http://x/mcp', transport: 'websocket' })).toThrow(
      expect.objectContaining({ code: 'TRANSPORT_UNSUPPORTED_URL', hint: expect.stringMatching(/ws:\/\//) }),
    );
    expect(() => resolveTransportStrategy({ url: 'unix:///s', transport: 'sse' })).toThrow(/cannot reach/);
    expect(() => resolveTransportStrategy({ url: 'ws://x', transport: 'streamable-http' })).toThrow(
      /cannot reach/,
    );
    expect(() => resolveTransportStrategy({ url: 'ftp://x/?token=s3cret', transport: 'auto' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });

  it('has one registry entry per kind, plus auto', () => {
    expect(Object.keys(transportRegistry).sort()).toEqual([...TRANSPORT_KINDS, 'auto'].sort());
  });
});

describe('transport: auto', () => {
  let fixture: HttpFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('keeps Streamable HTTP when the server speaks it', async () => {
    fixture = await startHttpFixture();
    const transport = createTransport({ url: fixture.url, transport: 'auto' }, {});
    expect(transport.kind).toBeUndefined();
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    expect(transport.kind).toBe('streamable-http');
    expect(transport.sessionId).toMatch(/[0-9a-f-]{36}/);
    await client.ping();
    await client.close();
  });

  it('falls back to legacy SSE after a 404 on the initialize POST', async () => {
    fixture = await startHttpFixture({ mode: 'sse' });
    const transport = createTransport({ url: fixture.url, transport: 'auto' }, { 'X-Trace': 't1' });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    expect(transport.kind).toBe('sse');
    const result = await client.callTool({ name: 'echo', arguments: { message: 'legacy' } });
    expect(result.content).toEqual([{ type: 'text', text: 'echo: legacy' }]);
    expect(fixture.requests.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual([
      'POST /sse',
      'GET /sse',
      'POST /messages',
    ]);
    expect(fixture.requests.every((r) => r.headers['x-trace'] === 't1')).toBe(true);
    await client.close();
  });

  it('does not fall back on 401: that is an auth problem, not a legacy server', async () => {
    fixture = await startHttpFixture({ requireHeaders: { authorization: 'Bearer right' } });
    const transport = createTransport(
      { url: fixture.url, transport: 'auto' },
      { Authorization: 'Bearer wrong' },
    );
    const client = new Client({ name: 'test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toMatchObject({ code: 401 });
    expect(fixture.requests.map((r) => r.method)).toEqual(['POST']);
  });
});

/**
 * `probeRemote`, the engine of `mcp transport test <name>`.
 */
import { createServer, type Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { startHttpFixture, type HttpFixture } from '../../test/fixtures/remote/http-fixture.js';
import { fakeResolvers } from '../../test/fixtures/remote/helpers.js';
import { probeRemote } from './probe.js';

describe('probeRemote', () => {
  let fixture: HttpFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('reports transport, timings, server info and every tool across pages', async () => {
    fixture = await startHttpFixture({ toolCount: 7, pageSize: 3, requireHeaders: { 'x-k': 'v' } });
    const result = await probeRemote(
      { url: fixture.url, transport: 'auto', headers: { 'X-K': '${K}' } },
      { resolvers: fakeResolvers({ K: 'v' }) },
    );
    expect(result).toMatchObject({
      transport: 'streamable-http',
      serverInfo: { name: 'fixture', version: '1.2.3' },
      tools: ['echo', 'headers', 'extra-2', 'extra-3', 'extra-4', 'extra-5', 'extra-6'],
    });
    expect(result.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const k of ['initializeMs', 'listToolsMs', 'totalMs'] as const)
      expect(result[k]).toBeGreaterThanOrEqual(0);
    expect(fixture.requests.filter((r) => r.method === 'POST').length).toBe(5); // init, initialized, 3 pages
  });

  it('times out with a typed error', async () => {
    // A TCP port that accepts connections and never answers.
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      await expect(
        probeRemote(
          { url: `http://127.0.0.1:${port}/mcp`, transport: 'streamable-http', headers: {} },
          { resolvers: fakeResolvers(), timeoutMs: 200 },
        ),
      ).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', data: { step: 'connect', ms: 200 } });
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

/**
 * RemoteConnection against the real `server-everything`, spawned in streamableHttp and sse modes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fakeResolvers, firstText, waitForState } from '../../test/fixtures/remote/helpers.js';
import { startEverything, type ServerProcess } from '../../test/fixtures/remote/processes.js';
import { ConnectionState } from './connection-state.js';
import { probeRemote } from './probe.js';
import { RemoteConnection } from './remote-connection.js';

const fast = { backoff: { initialMs: 50, maxMs: 200 }, pingIntervalMs: 0 };

describe('server-everything over Streamable HTTP', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startEverything('streamableHttp');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('connects, counts tools and traffic, and calls a tool', async () => {
    const url = `http://127.0.0.1:${server.port}/mcp`;
    const conn = new RemoteConnection(
      { url, transport: 'streamable-http', headers: {} },
      {
        name: 'everything',
        resolvers: fakeResolvers(),
        ...fast,
      },
    );
    await conn.start();
    const result = await conn.client.callTool({ name: 'echo', arguments: { message: 'hello' } });
    expect(firstText(result)).toContain('hello');
    const h = conn.health();
    expect(h).toMatchObject({ state: 'running', transport: 'streamable-http', reconnects: 0, errors: 0 });
    expect(h.tools).toBeGreaterThan(5);
    expect(h.serverInfo?.name).toMatch(/everything/i);
    expect(h.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(h.messagesOut).toBeGreaterThanOrEqual(4); // initialize, initialized, tools/list, tools/call
    expect(h.messagesIn).toBeGreaterThanOrEqual(3);
    expect(h.bytesIn).toBeGreaterThan(h.bytesOut);
    await conn.stop();
    expect(conn.state).toBe(ConnectionState.Stopped);
    expect(conn.health().uptimeMs).toBe(0);
  });

  it('reconnects after the server process restarts (the lost stream is noticed)', async () => {
    const url = `http://127.0.0.1:${server.port}/mcp`;
    const conn = new RemoteConnection(
      { url, transport: 'auto', headers: {} },
      {
        name: 'everything',
        resolvers: fakeResolvers(),
        ...fast,
      },
    );
    await conn.start();
    expect(conn.health().transport).toBe('streamable-http');
    await server.stop();
    server = await startEverything('streamableHttp', server.port);
    // The SDK re-opens the dropped GET stream after 1 s, finds nobody listening ("fetch failed"): lost.
    const client = await conn.ready(10_000);
    const result = await client.callTool({ name: 'echo', arguments: { message: 'after restart' } });
    expect(firstText(result)).toContain('after restart');
    const h = conn.health();
    expect(h.reconnects + h.sessionRenewals).toBeGreaterThanOrEqual(1);
    expect(h.state).toBe('running');
    await conn.stop();
  });

  it('renews the session on the next call when the restart went unnoticed (400 "No valid session ID")', async () => {
    const url = `http://127.0.0.1:${server.port}/mcp`;
    const conn = new RemoteConnection(
      { url, transport: 'streamable-http', headers: {} },
      {
        name: 'everything',
        resolvers: fakeResolvers(),
        ...fast,
        // Keep the SDK from re-opening the GET stream during the test, so nothing notices the restart.
        transportOptions: {
          streamReconnection: {
            initialReconnectionDelay: 60_000,
            maxReconnectionDelay: 60_000,
            reconnectionDelayGrowFactor: 1,
            maxRetries: 0,
          },
        },
      },
    );
    await conn.start();
    const before = conn.client;
    await server.stop();
    server = await startEverything('streamableHttp', server.port);
    expect(conn.state).toBe(ConnectionState.Running);
    const result = await conn.client.callTool({ name: 'echo', arguments: { message: 'healed' } });
    expect(firstText(result)).toContain('healed');
    expect(conn.client).toBe(before);
    expect(conn.health()).toMatchObject({ state: 'running', sessionRenewals: 1, reconnects: 0 });
    await conn.stop();
  });
});

describe('server-everything over legacy HTTP+SSE', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startEverything('sse');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('auto falls back to SSE and reports it', async () => {
    const url = `http://127.0.0.1:${server.port}/sse`;
    const conn = new RemoteConnection(
      { url, transport: 'auto', headers: {} },
      {
        name: 'legacy',
        resolvers: fakeResolvers(),
        ...fast,
      },
    );
    await conn.start();
    expect(conn.health().transport).toBe('sse');
    const result = await conn.client.callTool({ name: 'echo', arguments: { message: 'old school' } });
    expect(firstText(result)).toContain('old school');
    await conn.stop();
  });

  it('reconnects when the SSE stream breaks (server restart)', async () => {
    const url = `http://127.0.0.1:${server.port}/sse`;
    const conn = new RemoteConnection(
      { url, transport: 'sse', headers: {} },
      {
        name: 'legacy',
        resolvers: fakeResolvers(),
        ...fast,
      },
    );
    await conn.start();
    const lost = waitForState(conn, ConnectionState.Backoff);
    await server.stop();
    await lost;
    server = await startEverything('sse', server.port);
    const client = await conn.ready(10_000);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { message: 'back' } }))).toContain(
      'back',
    );
    expect(conn.health().reconnects).toBe(1);
    await conn.stop();
  });

  it('probe reports the chosen transport, timings and tool names', async () => {
    const result = await probeRemote(
      { url: `http://127.0.0.1:${server.port}/sse`, transport: 'auto', headers: {} },
      { resolvers: fakeResolvers() },
    );
    expect(result.transport).toBe('sse');
    expect(result.tools).toContain('echo');
    expect(result.serverInfo?.name).toMatch(/everything/i);
    expect(result.protocolVersion).toBeTruthy();
    expect(result.totalMs).toBeGreaterThanOrEqual(result.initializeMs + result.listToolsMs);
  });
});

/**
 * Reconnects: after a server restart (WebSocket), after failed pings (Unix socket), on the backoff
 * schedule (injected timers), and the cases that must not retry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFixtureServer } from '../../test/fixtures/remote/fixture-server.js';
import { fakeResolvers, firstText, waitForState } from '../../test/fixtures/remote/helpers.js';
import { startWsServer } from '../../test/fixtures/remote/processes.js';
import type { Timers } from '../core/types.js';
import { ConnectionState, type StateChange } from './connection-state.js';
import { RemoteConnection } from './remote-connection.js';
import { listenUnixSocket } from './unix-socket.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-reconnect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reconnect after the server restarts', () => {
  it('WebSocket: backs off while the server is down and reconnects when it is back', async () => {
    let server = await startWsServer();
    const conn = new RemoteConnection(
      { url: `ws://127.0.0.1:${server.port}/`, transport: 'auto', headers: {} },
      {
        name: 'ws',
        resolvers: fakeResolvers(),
        pingIntervalMs: 0,
        backoff: { initialMs: 50, maxMs: 100 },
      },
    );
    const states: string[] = [];
    conn.on('state', (c) => states.push(c.to));
    await conn.start();
    expect(conn.health().transport).toBe('websocket');

    const lost = waitForState(conn, ConnectionState.Backoff);
    await server.stop();
    expect((await lost)?.error).toMatch(/closed/);
    // Let at least one attempt fail against the dead port before the server comes back.
    await waitForState(conn, ConnectionState.Connecting);
    await waitForState(conn, ConnectionState.Backoff);
    server = await startWsServer(server.port);
    try {
      const client = await conn.ready(10_000);
      expect(firstText(await client.callTool({ name: 'echo', arguments: { message: 'again' } }))).toBe(
        'echo: again',
      );
      expect(conn.health()).toMatchObject({ state: 'running', reconnects: 1 });
      expect(states.slice(0, 4)).toEqual(['connecting', 'running', 'backoff', 'connecting']);
    } finally {
      await conn.stop();
      await server.stop();
    }
  });
});

describe('liveness', () => {
  it('declares an unresponsive server dead after N failed pings and reconnects', async () => {
    const path = join(dir, 'ping.sock');
    const sessions: { frozen: boolean }[] = [];
    const listener = await listenUnixSocket(path, async (t) => {
      const session = { frozen: false };
      sessions.push(session);
      await createFixtureServer().connect(t);
      // A hung server: it reads requests but never answers them.
      const deliver = t.onmessage;
      t.onmessage = (m) => {
        if (!session.frozen) deliver?.(m);
      };
    });
    const conn = new RemoteConnection(
      { url: `unix://${path}`, transport: 'auto', headers: {} },
      {
        name: 'sock',
        resolvers: fakeResolvers(),
        pingIntervalMs: 30,
        pingTimeoutMs: 50,
        maxFailedPings: 2,
        backoff: { initialMs: 10, maxMs: 20 },
      },
    );
    try {
      await conn.start();
      expect(conn.health().transport).toBe('unix');
      await new Promise((r) => setTimeout(r, 100));
      expect(conn.health().pingMs).toBeGreaterThanOrEqual(0);

      const lost = waitForState(conn, ConnectionState.Backoff);
      sessions[0]!.frozen = true;
      expect((await lost)?.error).toMatch(/2 pings in a row failed/);
      await conn.ready(5_000);
      expect(sessions).toHaveLength(2);
      expect(conn.health()).toMatchObject({ state: 'running', reconnects: 1 });
      expect(conn.health().errors).toBeGreaterThanOrEqual(2);
    } finally {
      await conn.stop();
      await listener.close();
    }
  });
});

/** Timers that only record; the test fires them by hand. */
function manualTimers(): Timers & { pending: { fn: () => void; ms: number }[] } {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    setTimeout: (fn, ms) => {
      const entry = { fn, ms };
      pending.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      const i = pending.indexOf(handle as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
}

describe('backoff schedule', () => {
  it('waits 1 s, 2 s, 4 s … up to 30 s between failed attempts, with jitter applied', async () => {
    const timers = manualTimers();
    const conn = new RemoteConnection(
      { url: `unix://${join(dir, 'nobody.sock')}`, transport: 'auto', headers: {} },
      {
        name: 'down',
        resolvers: fakeResolvers(),
        timers,
        random: () => 0.5,
        backoff: { jitter: 0 },
        connectTimeoutMs: 123_456,
      },
    );
    await expect(conn.start()).rejects.toMatchObject({ code: 'ENOENT' });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      expect(conn.state).toBe(ConnectionState.Backoff);
      const retry = timers.pending.filter((t) => t.ms !== 123_456);
      expect(retry).toHaveLength(1);
      delays.push(retry[0]!.ms);
      timers.pending.length = 0;
      const next = waitForState(conn, ConnectionState.Backoff);
      retry[0]!.fn();
      await next;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(conn.health().errors).toBe(8);
    await conn.stop();
    expect(timers.pending.filter((t) => t.ms !== 123_456)).toHaveLength(0);
  });

  it('gives up after maxAttempts', async () => {
    const conn = new RemoteConnection(
      { url: `unix://${join(dir, 'nobody.sock')}`, transport: 'auto', headers: {} },
      {
        name: 'down',
        resolvers: fakeResolvers(),
        maxAttempts: 3,
        backoff: { initialMs: 1, maxMs: 2 },
      },
    );
    const failed = waitForState(conn, ConnectionState.Failed);
    await expect(conn.start()).rejects.toThrow(/ENOENT/);
    expect((await failed)?.error).toMatch(/ENOENT/);
    await expect(conn.ready()).rejects.toMatchObject({ code: 'UPSTREAM_NOT_RUNNING' });
  });

  it('does not retry a permanent error (a header references a missing variable)', async () => {
    const changes: StateChange[] = [];
    const conn = new RemoteConnection(
      { url: 'http://127.0.0.1:1/mcp', transport: 'auto', headers: { 'X-Key': '${NOT_SET_ANYWHERE}' } },
      { name: 'bad', resolvers: fakeResolvers() },
    );
    conn.on('state', (c) => changes.push(c));
    await expect(conn.start()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(changes.map((c) => c.to)).toEqual(['connecting', 'failed']);
    expect(conn.health().lastError?.code).toBe('INVALID_INPUT');
  });

  it('stop() during backoff cancels the retry', async () => {
    const timers = manualTimers();
    const conn = new RemoteConnection(
      { url: `unix://${join(dir, 'nobody.sock')}`, transport: 'auto', headers: {} },
      {
        name: 'down',
        resolvers: fakeResolvers(),
        timers,
      },
    );
    await expect(conn.start()).rejects.toThrow();
    expect(timers.pending.length).toBeGreaterThan(0);
    await conn.stop();
    expect(timers.pending).toHaveLength(0);
    expect(conn.state).toBe(ConnectionState.Stopped);
  });
});

/**
 * Header templates: resolved at connect time through the injected resolvers, sent on every request,
 * never logged and never shown in health or errors.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startHttpFixture, type HttpFixture } from '../../test/fixtures/remote/http-fixture.js';
import { capturingLogger, fakeResolvers, firstText } from '../../test/fixtures/remote/helpers.js';
import { startWsServer } from '../../test/fixtures/remote/processes.js';
import { ConnectionState } from './connection-state.js';
import { RemoteConnection } from './remote-connection.js';

const SECRET = 'sk-live-0123456789abcdef';

describe('header templating', () => {
  let fixture: HttpFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('resolves ${secret:…} and ${ENV} at connect time and sends them on every request', async () => {
    fixture = await startHttpFixture({ requireHeaders: { authorization: `Bearer ${SECRET}` } });
    const logger = capturingLogger();
    const conn = new RemoteConnection(
      {
        url: fixture.url,
        transport: 'auto',
        headers: { Authorization: 'Bearer ${secret:API_TOKEN}', 'X-Team': '${TEAM}' },
      },
      {
        name: 'secured',
        resolvers: fakeResolvers({ TEAM: 'blue' }, { API_TOKEN: SECRET }),
        pingIntervalMs: 0,
        logger,
      },
    );
    await conn.start();
    const seen = JSON.parse(
      firstText(await conn.client.callTool({ name: 'headers', arguments: {} })),
    ) as Record<string, string>;
    expect(seen['x-team']).toBe('blue');
    expect(fixture.requests.every((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    expect(logger.lines.some((l) => l.includes('upstream connected'))).toBe(true);
    await conn.stop();
    expect(logger.lines.join('\n')).not.toContain(SECRET);
    expect(JSON.stringify(conn.health())).not.toContain(SECRET);
  });

  it('re-resolves on every connect, so a rotated secret is picked up by the reconnect', async () => {
    fixture = await startHttpFixture({ requireHeaders: { 'x-api-key': 'new-key-456789' } });
    const secrets: Record<string, string> = { KEY: 'old-key-123456' };
    const conn = new RemoteConnection(
      { url: fixture.url, transport: 'streamable-http', headers: { 'X-Api-Key': '${secret:KEY}' } },
      {
        name: 'rotating',
        resolvers: fakeResolvers({}, secrets),
        pingIntervalMs: 0,
        backoff: { initialMs: 20 },
      },
    );
    await expect(conn.start()).rejects.toMatchObject({ code: 401 });
    expect(conn.state).toBe(ConnectionState.Backoff);
    expect(JSON.stringify(conn.health())).not.toContain('old-key-123456');
    secrets.KEY = 'new-key-456789';
    await conn.ready(5_000);
    expect(conn.health()).toMatchObject({ state: 'running', reconnects: 0 });
    await conn.stop();
  });

  it('sends templated headers on the WebSocket upgrade', async () => {
    const server = await startWsServer();
    try {
      const conn = new RemoteConnection(
        {
          url: `ws://127.0.0.1:${server.port}/`,
          transport: 'websocket',
          headers: { 'X-Api-Key': '${secret:K}' },
        },
        { name: 'ws', resolvers: fakeResolvers({}, { K: SECRET }), pingIntervalMs: 0 },
      );
      await conn.start();
      const seen = JSON.parse(
        firstText(await conn.client.callTool({ name: 'whoami', arguments: {} })),
      ) as Record<string, string>;
      expect(seen['x-api-key']).toBe(SECRET);
      await conn.stop();
    } finally {
      await server.stop();
    }
  });
});

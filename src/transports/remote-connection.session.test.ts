/**
 * Transparent session renewal: the server forgets the session (404, or 400/401 with a "session not
 * found"-like body) and the very next call through the same Client still succeeds.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startHttpFixture, type HttpFixture } from '../../test/fixtures/remote/http-fixture.js';
import { fakeResolvers, firstText } from '../../test/fixtures/remote/helpers.js';
import { RemoteConnection } from './remote-connection.js';

describe('session renewal', () => {
  let fixture: HttpFixture | undefined;
  let conn: RemoteConnection | undefined;
  afterEach(async () => {
    await conn?.stop();
    await fixture?.close();
    conn = undefined;
    fixture = undefined;
  });

  const cases = [
    { name: '404 (spec)', status: 404, message: 'Session not found' },
    { name: '400 with body', status: 400, message: 'Bad Request: No valid session ID provided' },
    { name: '401 with body', status: 401, message: 'Unauthorized: session expired' },
  ];

  for (const c of cases) {
    it(`heals on ${c.name}`, async () => {
      fixture = await startHttpFixture({ unknownSessionStatus: c.status, unknownSessionMessage: c.message });
      conn = new RemoteConnection(
        { url: fixture.url, transport: 'streamable-http', headers: {} },
        {
          name: 'fixture',
          resolvers: fakeResolvers(),
          pingIntervalMs: 0,
        },
      );
      const renewed = new Promise<void>((resolve) => conn!.once('session-renewed', resolve));
      await conn.start();
      const firstSession = fixture.requests.at(-1)?.headers['mcp-session-id'];
      fixture.dropSessions();

      const result = await conn.client.callTool({ name: 'echo', arguments: { message: 'still here' } });
      expect(firstText(result)).toBe('echo: still here');
      await renewed;
      const lastSession = fixture.requests.at(-1)?.headers['mcp-session-id'];
      expect(lastSession).toBeTruthy();
      expect(lastSession).not.toBe(firstSession);
      expect(fixture.sessionCount()).toBe(1);
      expect(conn.health()).toMatchObject({ state: 'running', sessionRenewals: 1, reconnects: 0, tools: 5 });
    });
  }

  it('renews once for concurrent requests', async () => {
    fixture = await startHttpFixture();
    conn = new RemoteConnection(
      { url: fixture.url, transport: 'auto', headers: {} },
      {
        name: 'fixture',
        resolvers: fakeResolvers(),
        pingIntervalMs: 0,
      },
    );
    await conn.start();
    fixture.dropSessions();
    const calls = ['a', 'b', 'c'].map((m) =>
      conn!.client.callTool({ name: 'echo', arguments: { message: m } }),
    );
    const results = await Promise.all(calls);
    expect(results.map(firstText)).toEqual(['echo: a', 'echo: b', 'echo: c']);
    expect(conn.health().sessionRenewals).toBe(1);
    expect(fixture.sessionCount()).toBe(1);
  });

  it('pings heal the session too, so notifications flow again without a user call', async () => {
    fixture = await startHttpFixture();
    conn = new RemoteConnection(
      { url: fixture.url, transport: 'streamable-http', headers: {} },
      {
        name: 'fixture',
        resolvers: fakeResolvers(),
        pingIntervalMs: 30,
      },
    );
    await conn.start();
    const renewed = new Promise<void>((resolve) => conn!.once('session-renewed', resolve));
    fixture.dropSessions();
    await renewed;
    expect(conn.health()).toMatchObject({ state: 'running', sessionRenewals: 1 });
  });

  it('does not renew when renewal is disabled: the call fails with the HTTP error', async () => {
    fixture = await startHttpFixture();
    conn = new RemoteConnection(
      { url: fixture.url, transport: 'streamable-http', headers: {} },
      {
        name: 'fixture',
        resolvers: fakeResolvers(),
        pingIntervalMs: 0,
        transportOptions: { renewSession: false },
      },
    );
    await conn.start();
    fixture.dropSessions();
    await expect(conn.client.callTool({ name: 'echo', arguments: { message: 'x' } })).rejects.toMatchObject({
      code: 404,
    });
    expect(conn.health().sessionRenewals).toBe(0);
  });
});

/**
 * Server-to-client traffic that no call of a client caused: roots a server asks for on its own, a client
 * telling the servers its roots changed, and the completion notice of a URL-mode elicitation. Its own
 * gateway, so the number of connected sessions is known.
 */
import {
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

import { UPSTREAM_CLIENT_CAPABILITIES } from './upstream-pool.js';
import {
  firstText,
  fixture,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;

beforeAll(async () => {
  // The upstream declares what `mcp up` declares (roots.listChanged, URL-mode elicitation).
  gw = await startGateway(
    { interactive: fixture('interactive.mjs') },
    {},
    {},
    {
      clientCapabilities: UPSTREAM_CLIENT_CAPABILITIES,
    },
  );
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

const rootsClient = (uri: string) =>
  gw.connect('/mcp', { roots: { listChanged: true } }, (c) =>
    c.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri }] })),
  );

describe('gateway: requests and notices outside a call', () => {
  it('asks the one session that can answer when a server asks for roots on its own', async () => {
    const only = await rootsClient('file:///only');
    expect(firstText(await only.callTool({ name: 'interactive__ask-roots-later' }))).toBe('asked');
    await until(
      async () => firstText(await only.callTool({ name: 'interactive__last-later' })) !== 'pending',
    );
    expect(firstText(await only.callTool({ name: 'interactive__last-later' }))).toBe('roots: 1');
    await only.close();
  });

  it('with several sessions asks none, unless one just said its roots changed: then that one', async () => {
    const a = await rootsClient('file:///a');
    const b = await rootsClient('file:///b');
    // Polled from a session that cannot answer roots: a poll of `a` in flight when the server asks would
    // rightly take the request (a call of that session is in flight then).
    const poller = await gw.connect('/mcp');
    await a.callTool({ name: 'interactive__ask-roots-later' });
    const later = async () => firstText(await poller.callTool({ name: 'interactive__last-later' }));
    await until(async () => (await later()) !== 'pending');
    expect(await later()).toMatch(
      /error: .*(no client request to it is in flight|no client session with a call in flight to it declared the roots capability)/,
    );

    await b.sendRootsListChanged();
    await until(
      async () => firstText(await a.callTool({ name: 'interactive__roots-after-change' })) !== 'none',
    );
    expect(firstText(await a.callTool({ name: 'interactive__roots-after-change' }))).toBe('file:///b');
    await Promise.all([a.close(), b.close(), poller.close()]);
  });

  it('relays the completion of a URL-mode elicitation to the session that was asked', async () => {
    const completed: string[] = [];
    const asked = await gw.connect('/mcp', { elicitation: { url: {} } }, (c) => {
      c.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept' }));
      c.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
        completed.push(n.params.elicitationId);
      });
    });
    const bystander: string[] = [];
    const other = await gw.connect('/mcp', { elicitation: { url: {} } }, (c) =>
      c.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
        bystander.push(n.params.elicitationId);
      }),
    );
    expect(firstText(await asked.callTool({ name: 'interactive__ask-url' }))).toBe('url elicitation: accept');
    await until(async () => completed.length > 0);
    expect(completed).toEqual(['sign-in-1']);
    expect(bystander).toEqual([]);
    await Promise.all([asked.close(), other.close()]);
  });
});

describe('gateway: methods it does not know', () => {
  it('passes them to the server on /mcp/<server>, and refuses them on /mcp', async () => {
    const echoed = z.object({ echoed: z.unknown() });
    const single = await gw.connect('/mcp/interactive');
    expect(await single.request({ method: 'x-fixture/echo', params: { value: [1, 'two'] } }, echoed)).toEqual(
      {
        echoed: [1, 'two'],
      },
    );
    await expect(single.request({ method: 'x-fixture/unknown', params: {} }, echoed)).rejects.toThrow(
      /Method not found/,
    );
    const all = await gw.connect('/mcp');
    await expect(all.request({ method: 'x-fixture/echo', params: { value: 1 } }, echoed)).rejects.toThrow(
      /Method not found/,
    );
  });
});

/**
 * What crosses the gateway during a call: server-to-client requests (sampling, elicitation, roots) routed to
 * the calling session, progress relayed with the caller's own token, cancellation reaching the server, and
 * resource subscriptions with their update notifications.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ResourceUpdatedNotificationSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  firstText,
  fixture,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;

beforeAll(async () => {
  gw = await startGateway({
    interactive: { ...fixture('interactive.mjs'), timeouts: { request: 60, max: 3, tools: { slow: 1.5 } } },
    alpha: fixture('twin.mjs', { LABEL: 'alpha' }),
  });
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

/** A client that answers sampling with `answer` and records the questions it got. */
async function sampler(answer: string, asked: string[]): Promise<Client> {
  return gw.connect('/mcp', { sampling: {} }, (c) =>
    c.setRequestHandler(CreateMessageRequestSchema, async (req) => {
      const content = req.params.messages[0]?.content;
      asked.push(content && 'text' in content ? String(content.text) : '');
      return { role: 'assistant', model: 'test-model', content: { type: 'text', text: answer } };
    }),
  );
}

describe('gateway: server-to-client requests', () => {
  it('relays sampling to the calling client and its answer back', async () => {
    const asked: string[] = [];
    const client = await sampler('forty-two', asked);
    const result = await client.callTool({
      name: 'interactive__ask-sampling',
      arguments: { question: 'meaning?' },
    });
    expect(firstText(result)).toBe('sampled: forty-two');
    expect(asked).toEqual(['meaning?']);
  });

  it('routes each call to its own session when two clients are connected', async () => {
    const askedA: string[] = [];
    const askedB: string[] = [];
    const a = await sampler('from A', askedA);
    const b = await sampler('from B', askedB);
    const args = (q: string) => ({ name: 'interactive__ask-sampling', arguments: { question: q } });
    expect(firstText(await b.callTool(args('to B')))).toBe('sampled: from B');
    expect(firstText(await a.callTool(args('to A')))).toBe('sampled: from A');
    expect(askedA).toEqual(['to A']);
    expect(askedB).toEqual(['to B']);
  });

  it('relays elicitation and the user answer', async () => {
    const client = await gw.connect('/mcp', { elicitation: { form: {} } }, (c) =>
      c.setRequestHandler(ElicitRequestSchema, async (req) => {
        expect(req.params.message).toBe('Your name?');
        return { action: 'accept', content: { name: 'Ada' } };
      }),
    );
    const result = await client.callTool({ name: 'interactive__ask-elicitation' });
    expect(firstText(result)).toBe('elicited: accept {"name":"Ada"}');
  });

  it('relays roots/list', async () => {
    const client = await gw.connect('/mcp', { roots: { listChanged: true } }, (c) =>
      c.setRequestHandler(ListRootsRequestSchema, async () => ({
        roots: [{ uri: 'file:///work', name: 'work' }],
      })),
    );
    expect(firstText(await client.callTool({ name: 'interactive__ask-roots' }))).toBe('roots: file:///work');
  });

  it('never answers for the user: a client without the capability gets the server an error', async () => {
    const client = await gw.connect('/mcp');
    const result = await client.callTool({ name: 'interactive__ask-sampling', arguments: { question: 'q' } });
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(
      /no client session can answer sampling\/createMessage for server "interactive"/,
    );
  });

  it('answers a server request made while no call is in flight with an error', async () => {
    const client = await gw.connect('/mcp', { roots: {} }, (c) =>
      c.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] })),
    );
    expect(firstText(await client.callTool({ name: 'interactive__ask-roots-later' }))).toBe('asked');
    await new Promise((r) => setTimeout(r, 400));
    expect(firstText(await client.callTool({ name: 'interactive__last-later' }))).toMatch(
      /error: .*no client session can answer roots\/list for server "interactive": no client request to it is in flight/,
    );
  });

  it('works on the single-server endpoint too', async () => {
    const client = await gw.connect('/mcp/interactive', { roots: {} }, (c) =>
      c.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///single' }] })),
    );
    expect(firstText(await client.callTool({ name: 'ask-roots' }))).toBe('roots: file:///single');
  });
});

describe('gateway: progress and cancellation', () => {
  it('relays progress to the caller with its own token', async () => {
    const client = await gw.connect();
    const seen: Progress[] = [];
    const result = await client.callTool({ name: 'interactive__slow', arguments: { steps: 4 } }, undefined, {
      onprogress: (p) => seen.push(p),
    });
    expect(firstText(result)).toBe('done after 4 steps');
    expect(seen.map((p) => p.progress)).toEqual([1, 2, 3, 4]);
    expect(seen[3]).toMatchObject({ total: 4, message: 'step 4' });
  });

  it('keeps progress of concurrent calls of two sessions apart', async () => {
    const [a, b] = await Promise.all([gw.connect(), gw.connect()]);
    const seenA: number[] = [];
    const seenB: number[] = [];
    await Promise.all([
      a.callTool({ name: 'interactive__slow', arguments: { steps: 3 } }, undefined, {
        onprogress: (p) => seenA.push(p.total!),
      }),
      b.callTool({ name: 'interactive__slow', arguments: { steps: 5 } }, undefined, {
        onprogress: (p) => seenB.push(p.total!),
      }),
    ]);
    expect(seenA).toEqual([3, 3, 3]);
    expect(seenB).toEqual([5, 5, 5, 5, 5]);
  });

  it('cancels the upstream call when the client cancels', async () => {
    const client = await gw.connect();
    const abort = new AbortController();
    const call = client.callTool({ name: 'interactive__slow', arguments: { steps: 200 } }, undefined, {
      signal: abort.signal,
      onprogress: (p) => {
        if (p.progress === 2) abort.abort('enough');
      },
    });
    await expect(call).rejects.toThrow();
    // The slow tool checks its signal every 50 ms; ask it what happened until it has noticed.
    const deadline = Date.now() + 5000;
    let state = '';
    while (state !== 'cancelled' && Date.now() < deadline) {
      state = firstText(await client.callTool({ name: 'interactive__last-slow' }));
      if (state !== 'cancelled') await new Promise((r) => setTimeout(r, 30));
    }
    expect(state).toBe('cancelled');
  });
});

describe('gateway: upstream timeout', () => {
  it('answers a call the server does not finish in time with an error naming it, and cancels it', async () => {
    const client = await gw.connect();
    await expect(client.callTool({ name: 'interactive__slow', arguments: { steps: 60 } })).rejects.toThrow(
      /server "interactive" did not answer tools\/call within 1500 ms/,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(firstText(await client.callTool({ name: 'interactive__last-slow' }))).toBe('cancelled');
  });

  it('lets progress extend the per-tool timeout, up to the hard cap', async () => {
    const client = await gw.connect();
    const onprogress = (): void => undefined;
    // 2.5 s of work with progress every 50 ms: past the 1.5 s tool timeout, under the 3 s cap.
    const done = await client.callTool({ name: 'interactive__slow', arguments: { steps: 50 } }, undefined, {
      onprogress,
      resetTimeoutOnProgress: true,
      timeout: 30_000,
    });
    expect(firstText(done)).toBe('done after 50 steps');
    // 5 s of work: progress cannot carry it past the 3 s cap.
    await expect(
      client.callTool({ name: 'interactive__slow', arguments: { steps: 100 } }, undefined, {
        onprogress,
        resetTimeoutOnProgress: true,
        timeout: 30_000,
      }),
    ).rejects.toThrow(/did not answer tools\/call within 3000 ms/);
  });
});

describe('gateway: resources and subscriptions', () => {
  const NOTE = 'mcp-platform://interactive/memo://note';

  it('lists and reads resources and templates through rewritten URIs', async () => {
    const client = await gw.connect();
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain(NOTE);
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toContain('mcp-platform://interactive/memo://notes/{id}');
    expect(await client.readResource({ uri: NOTE })).toMatchObject({
      contents: [{ uri: NOTE, text: 'a note' }],
    });
    const note7 = await client.readResource({ uri: 'mcp-platform://interactive/memo://notes/7' });
    expect(note7.contents[0]).toMatchObject({
      uri: 'mcp-platform://interactive/memo://notes/7',
      text: 'note 7',
    });
  });

  it('delivers updates to subscribed sessions only, and unsubscribes upstream with the last one', async () => {
    const updatesA: string[] = [];
    const updatesB: string[] = [];
    const a = await gw.connect('/mcp', {}, (c) =>
      c.setNotificationHandler(
        ResourceUpdatedNotificationSchema,
        async (n) => void updatesA.push(n.params.uri),
      ),
    );
    const b = await gw.connect('/mcp', {}, (c) =>
      c.setNotificationHandler(
        ResourceUpdatedNotificationSchema,
        async (n) => void updatesB.push(n.params.uri),
      ),
    );
    await new Promise((r) => setTimeout(r, 200)); // let the standalone SSE streams open
    await a.subscribeResource({ uri: NOTE });
    const touch = () => b.callTool({ name: 'interactive__touch', arguments: { uri: 'memo://note' } });
    expect(firstText(await touch())).toBe('notified');
    await until(() => updatesA.length === 1, 5000, 'the update');
    expect(updatesA).toEqual([NOTE]);
    expect(updatesB).toEqual([]);
    await a.unsubscribeResource({ uri: NOTE });
    expect(firstText(await touch())).toBe('not subscribed');
  });

  it('renews subscriptions when the server restarts', async () => {
    const updates: string[] = [];
    const client = await gw.connect('/mcp', {}, (c) =>
      c.setNotificationHandler(
        ResourceUpdatedNotificationSchema,
        async (n) => void updates.push(n.params.uri),
      ),
    );
    await new Promise((r) => setTimeout(r, 200)); // let the standalone SSE stream open
    await client.subscribeResource({ uri: NOTE });
    await gw.platform.restartServer('interactive');
    // The fresh process knows the subscription only if the gateway renewed it.
    let answer = '';
    for (let i = 0; i < 100 && answer !== 'notified'; i++) {
      const result = await client
        .callTool({ name: 'interactive__touch', arguments: { uri: 'memo://note' } })
        .catch(() => ({ content: [] }));
      answer = firstText(result);
      if (answer !== 'notified') await new Promise((r) => setTimeout(r, 50));
    }
    expect(answer).toBe('notified');
    await until(() => updates.includes(NOTE), 5000, 'the update after the restart');
    await client.unsubscribeResource({ uri: NOTE });
  });

  it('rejects URIs that do not name a server of the endpoint', async () => {
    const client = await gw.connect();
    await expect(client.readResource({ uri: 'memo://note' })).rejects.toThrow(/unknown resource/);
  });
});

/**
 * Prompts, resources, completion and logging across the gateway, against the reference server-everything
 * and a twin fixture (prompt names shared by several servers).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  LoggingMessageNotificationSchema,
  McpError,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  firstText,
  fixture,
  reference,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;
let client: Client;

beforeAll(async () => {
  gw = await startGateway({
    everything: reference('server-everything'),
    alpha: fixture('twin.mjs', { LABEL: 'alpha' }),
    beta: fixture('twin.mjs', { LABEL: 'beta' }),
  });
  client = await gw.connect();
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

const EVERYTHING = 'mcp-platform://everything/';

describe('gateway: prompts', () => {
  it('lists prompts of every server, namespaced; same names on two servers both present', async () => {
    const names = (await client.listPrompts()).prompts.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'alpha__greet',
        'beta__greet',
        'everything__simple-prompt',
        'everything__completable-prompt',
      ]),
    );
  });

  it('gets a prompt from the right server with its arguments', async () => {
    const a = await client.getPrompt({ name: 'alpha__greet', arguments: { who: 'Bob' } });
    const b = await client.getPrompt({ name: 'beta__greet', arguments: { who: 'Bob' } });
    expect(a.messages[0]?.content).toEqual({ type: 'text', text: 'alpha greets Bob' });
    expect(b.messages[0]?.content).toEqual({ type: 'text', text: 'beta greets Bob' });
  });

  it('rewrites embedded resource URIs of prompt messages so they can be read back', async () => {
    const r = await client.getPrompt({
      name: 'everything__resource-prompt',
      arguments: { resourceType: 'Text', resourceId: '3' },
    });
    const embedded = r.messages.find((m) => m.content.type === 'resource')!.content as {
      resource: { uri: string };
    };
    expect(embedded.resource.uri).toBe(`${EVERYTHING}demo://resource/dynamic/text/3`);
    const read = await client.readResource({ uri: embedded.resource.uri });
    expect(read.contents[0]).toMatchObject({
      uri: embedded.resource.uri,
      text: expect.stringContaining('Resource 3'),
    });
  });
});

describe('gateway: resources of server-everything', () => {
  it('lists static resources with rewritten URIs and reads them', async () => {
    const { resources } = await client.listResources();
    const doc = resources.find((r) => r.uri.startsWith(`${EVERYTHING}demo://resource/static/document/`))!;
    expect(doc).toBeDefined();
    expect(doc.name).toBeTruthy();
    const read = await client.readResource({ uri: doc.uri });
    expect(read.contents[0]?.uri).toBe(doc.uri);
  });

  it('lists templates with rewritten URI templates that still expand', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    const t = resourceTemplates.find(
      (x) => x.uriTemplate === `${EVERYTHING}demo://resource/dynamic/text/{resourceId}`,
    );
    expect(t).toBeDefined();
    const read = await client.readResource({ uri: t!.uriTemplate.replace('{resourceId}', '12') });
    expect(read.contents[0]).toMatchObject({ text: expect.stringContaining('Resource 12') });
  });
});

describe('gateway: errors of the server', () => {
  it('relays a server error with its code and message as a direct client would see them', async () => {
    const direct = await gw.platform
      .client('everything')!
      .readResource({ uri: 'demo://resource/dynamic/text/0' })
      .catch((e: unknown) => e as McpError);
    const relayed = await client
      .readResource({ uri: `${EVERYTHING}demo://resource/dynamic/text/0` })
      .catch((e: unknown) => e as McpError);
    expect(direct).toBeInstanceOf(McpError);
    expect(relayed).toBeInstanceOf(McpError);
    expect({ code: relayed.code, message: relayed.message, data: relayed.data }).toEqual({
      code: direct.code,
      message: direct.message,
      data: direct.data,
    });
  });
});

describe('gateway: completion', () => {
  it('completes prompt arguments by exposed prompt name', async () => {
    const r = await client.complete({
      ref: { type: 'ref/prompt', name: 'everything__completable-prompt' },
      argument: { name: 'department', value: 'E' },
    });
    expect(r.completion.values).toEqual(['Engineering']);
  });

  it('completes resource template variables by exposed template URI, with context', async () => {
    const r = await client.complete({
      ref: { type: 'ref/resource', uri: `${EVERYTHING}demo://resource/dynamic/text/{resourceId}` },
      argument: { name: 'resourceId', value: '4' },
    });
    expect(r.completion.values).toEqual(['4']);
  });
});

describe('gateway: logging', () => {
  it('forwards setLevel upstream and relays log messages, per session level, logger prefixed', async () => {
    const got: LoggingMessageNotification['params'][] = [];
    const quietGot: unknown[] = [];
    const loud = await gw.connect('/mcp', {}, (c) =>
      c.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => void got.push(n.params)),
    );
    const quiet = await gw.connect('/mcp', {}, (c) =>
      c.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => void quietGot.push(n.params)),
    );
    await new Promise((r) => setTimeout(r, 200)); // let the standalone SSE streams open
    await loud.setLoggingLevel('info');
    await quiet.setLoggingLevel('error');
    // The shared upstream runs at the most verbose level any session chose.
    expect(firstText(await loud.callTool({ name: 'alpha__level' }))).toBe('info');
    await loud.callTool({ name: 'alpha__log', arguments: { level: 'info' } });
    await until(() => got.some((p) => p.logger === 'alpha/twin'), 5000, 'the log message');
    expect(got.find((p) => p.logger === 'alpha/twin')).toMatchObject({
      level: 'info',
      data: 'alpha says hi',
    });
    await loud.callTool({ name: 'alpha__log', arguments: { level: 'error' } });
    await until(() => quietGot.length > 0, 5000, 'the error for the quiet session');
    expect(quietGot.every((p) => (p as { level: string }).level === 'error')).toBe(true);

    // A restarted server starts without a level; the gateway sets it again.
    await gw.platform.restartServer('alpha');
    let level = '';
    for (let i = 0; i < 100 && level !== 'info'; i++) {
      level = firstText(await loud.callTool({ name: 'alpha__level' }).catch(() => ({ content: [] })));
      if (level !== 'info') await new Promise((r) => setTimeout(r, 50));
    }
    expect(level).toBe('info');
  });
});

/**
 * The aggregate endpoint over real servers (server-everything, server-memory and two twins exposing the
 * same names): namespaced listing, routing of calls, passthrough of unknown fields, the profile policy,
 * the single-server endpoint, and the HTTP session semantics.
 */
import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  firstText,
  fixture,
  reference,
  rpcError,
  startGateway,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

const Loose = z.looseObject({});
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

let gw: GatewayFixture;

beforeAll(async () => {
  gw = await startGateway(
    {
      everything: reference('server-everything'),
      memory: reference('server-memory', { MEMORY_FILE_PATH: '/tmp/mcp-gateway-test-memory.jsonl' }),
      alpha: fixture('twin.mjs', { LABEL: 'alpha' }),
      beta: fixture('twin.mjs', { LABEL: 'beta' }),
    },
    {
      tools: { deny: ['memory__delete_*'] },
      descriptions: { beta__echo: 'Echo, described by the profile' },
    },
  );
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

describe('gateway: aggregate endpoint /mcp', () => {
  it('initializes with the full capability set and every server instructions under its name', async () => {
    const client = await gw.connect();
    expect(client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      completions: {},
      logging: {},
    });
    const instructions = client.getInstructions() ?? '';
    expect(instructions).toContain('## alpha\n\nTwin alpha echoes.');
    expect(instructions).toContain('## beta\n\nTwin beta echoes.');
    expect(instructions).toContain('## everything');
  });

  it('lists every server tools, namespaced, all valid names, across servers', async () => {
    const client = await gw.connect();
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['everything__echo', 'memory__create_entities', 'alpha__echo', 'beta__echo']),
    );
    for (const n of names) expect(n).toMatch(NAME);
    expect(new Set(names).size).toBe(names.length);
    // The long and the dotted names get a sanitized prefix and a stable hash.
    const long = names.filter((n) => n.startsWith('alpha__a_tool_name_that_is_long'));
    expect(long).toHaveLength(1);
    expect(long[0]).toMatch(/_[0-9a-f]{8}$/);
    expect(names.some((n) => /^alpha__dotted_name_[0-9a-f]{8}$/.test(n))).toBe(true);
  });

  it('routes calls of the same tool name on two servers to each server', async () => {
    const client = await gw.connect();
    expect(firstText(await client.callTool({ name: 'alpha__echo', arguments: { message: 'hi' } }))).toBe(
      'alpha: hi',
    );
    expect(firstText(await client.callTool({ name: 'beta__echo', arguments: { message: 'hi' } }))).toBe(
      'beta: hi',
    );
    expect(
      firstText(await client.callTool({ name: 'everything__echo', arguments: { message: 'yo' } })),
    ).toContain('yo');
  });

  it('calls tools whose names were hashed', async () => {
    const client = await gw.connect();
    const dotted = (await client.listTools()).tools.find((t) => t.name.startsWith('beta__dotted_name_'))!;
    expect(firstText(await client.callTool({ name: dotted.name }))).toBe('beta ran dotted.name');
  });

  it('passes unknown and optional fields of tools and results through untouched', async () => {
    const client = await gw.connect();
    const listed = (await client.request({ method: 'tools/list', params: {} }, Loose)) as {
      tools: Record<string, unknown>[];
    };
    const echo = listed.tools.find((t) => t.name === 'alpha__echo')!;
    expect(echo).toMatchObject({
      title: 'Echo (alpha)',
      annotations: { readOnlyHint: true },
      icons: [{ src: 'https://example.com/echo.png', mimeType: 'image/png' }],
      _meta: { 'fixture/label': 'alpha' },
      'x-unknown-field': { kept: true },
      outputSchema: { type: 'object' },
    });
    const result = await client.request(
      { method: 'tools/call', params: { name: 'alpha__echo', arguments: { message: 'm' } } },
      Loose,
    );
    expect(result).toMatchObject({
      structuredContent: { label: 'alpha', message: 'm' },
      _meta: { 'fixture/served-by': 'alpha' },
      extraResultField: 42,
    });
  });

  it('applies the profile: denied tools are hidden and not callable, descriptions overridden', async () => {
    const client = await gw.connect();
    const { tools } = await client.listTools();
    expect(tools.some((t) => t.name.startsWith('memory__delete_'))).toBe(false);
    expect(tools.find((t) => t.name === 'beta__echo')?.description).toBe('Echo, described by the profile');
    expect(tools.find((t) => t.name === 'alpha__echo')?.description).toBe('Echoes from alpha');
    await expect(
      client.callTool({ name: 'memory__delete_entities', arguments: { entityNames: [] } }),
    ).rejects.toThrow(/unknown tool/);
  });

  it('uses server-memory through the gateway', async () => {
    const client = await gw.connect();
    await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [{ name: 'gw-test', entityType: 'test', observations: ['via gateway'] }] },
    });
    expect(firstText(await client.callTool({ name: 'memory__read_graph', arguments: {} }))).toContain(
      'gw-test',
    );
  });

  it('answers an unknown tool, resource or prompt with an error whose message has the SDK prefix once', async () => {
    const client = await gw.connect();
    const errors = [
      await rpcError(client.callTool({ name: 'nobody__nothing' })),
      await rpcError(client.readResource({ uri: 'nobody://nothing' })),
      await rpcError(client.getPrompt({ name: 'nobody__nothing' })),
    ];
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [-32602, 'MCP error -32602: unknown tool: nobody__nothing'],
      [-32602, 'MCP error -32602: unknown resource: nobody://nothing'],
      [-32602, 'MCP error -32602: unknown prompt: nobody__nothing'],
    ]);
  });

  it('passes on an upstream error for invalid arguments with the SDK prefix at most once', async () => {
    const client = await gw.connect();
    const outcome = await client
      .callTool({ name: 'memory__create_entities', arguments: { entities: 'not a list' } })
      .then(
        (r) => JSON.stringify(r),
        (e: Error) => e.message,
      );
    expect(outcome).toMatch(/-32602|invalid/i);
    expect(outcome.match(/MCP error/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe('gateway: single-server endpoint /mcp/<server>', () => {
  it('exposes one server with its original names and its own instructions', async () => {
    const client = await gw.connect('/mcp/alpha');
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual([
      'echo',
      'log',
      'level',
      'a_tool_name_that_is_long_enough_to_push_the_exposed_name_over_the_limit',
      'dotted.name',
      'add-silently',
    ]);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { message: 'x' } }))).toBe('alpha: x');
    expect(client.getInstructions()).toBe('Twin alpha echoes.');
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['greet']);
  });

  it('applies the profile policy there too', async () => {
    const client = await gw.connect('/mcp/memory');
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('create_entities');
    expect(names.some((n) => n.startsWith('delete_'))).toBe(false);
  });

  it('answers 404 for a server outside the profile', async () => {
    const res = await fetch(`${gw.origin}/mcp/nope`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('gateway: HTTP sessions', () => {
  const init = (protocolVersion: string) => ({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gw.origin}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  const resultOf = async (res: Response) => {
    const text = await res.text();
    const data = text.split('\n').find((l) => l.startsWith('data: '));
    return JSON.parse(data ? data.slice(6) : text) as { result: { protocolVersion: string } };
  };

  it('negotiates every protocol version from 2024-11-05 to 2025-11-25 (the SDK does)', async () => {
    for (const v of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) {
      const res = await post(init(v));
      expect(res.status).toBe(200);
      expect(res.headers.get('mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect((await resultOf(res)).result.protocolVersion).toBe(v);
    }
  });

  it('answers 405 for other methods', async () => {
    const res = await fetch(`${gw.origin}/mcp`, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE');
  });

  it('answers 404 for an unknown session and 400 for a non-initialize request without one', async () => {
    const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };
    expect((await post(ping, { 'mcp-session-id': 'no-such-session' })).status).toBe(404);
    expect((await post(ping)).status).toBe(400);
  });

  it('ends a session on DELETE; the session id is then unknown', async () => {
    const res = await post(init('2025-11-25'));
    const sid = res.headers.get('mcp-session-id')!;
    await res.text();
    const before = gw.gateway.sessionCount;
    const headers = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
    const del = await fetch(`${gw.origin}/mcp`, { method: 'DELETE', headers });
    expect(del.status).toBe(200);
    expect(gw.gateway.sessionCount).toBe(before - 1);
    expect((await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, headers)).status).toBe(404);
  });

  it('binds a session to the path it was opened on', async () => {
    const client = await gw.connect('/mcp/alpha');
    const sid = (client.transport as { sessionId?: string }).sessionId!;
    expect((await post({ jsonrpc: '2.0', id: 4, method: 'ping' }, { 'mcp-session-id': sid })).status).toBe(
      404,
    );
  });
});

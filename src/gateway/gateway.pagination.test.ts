/**
 * Gateway-minted pagination over real servers (the paged fixture, which pages its own tools, a twin and
 * server-everything): a small `pageSize` against the default, cursors followed to the end, invalid and
 * foreign cursors, and the per-session snapshot that keeps a list consistent while a server changes.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  firstText,
  fixture,
  reference,
  startGateway,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

import { decodeCursor, encodeCursor } from './pagination.js';

const PAGE = 3;

let small: GatewayFixture;
let big: GatewayFixture;

const servers = () => ({
  paged: fixture('paged.mjs'),
  alpha: fixture('twin.mjs', { LABEL: 'alpha' }),
  everything: reference('server-everything'),
});

beforeAll(async () => {
  [small, big] = await Promise.all([
    startGateway(servers(), {}, { pageSize: PAGE }),
    startGateway(servers(), {}, {}),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([small?.close(), big?.close()]);
});

interface Page {
  items: { name?: string; uri?: string; uriTemplate?: string }[];
  nextCursor?: string;
}
type Lister = (client: Client, cursor?: string) => Promise<Page>;

const tools: Lister = async (c, cursor) => {
  const r = await c.listTools(cursor === undefined ? {} : { cursor });
  return { items: r.tools, ...(r.nextCursor === undefined ? {} : { nextCursor: r.nextCursor }) };
};
const prompts: Lister = async (c, cursor) => {
  const r = await c.listPrompts(cursor === undefined ? {} : { cursor });
  return { items: r.prompts, ...(r.nextCursor === undefined ? {} : { nextCursor: r.nextCursor }) };
};
const resources: Lister = async (c, cursor) => {
  const r = await c.listResources(cursor === undefined ? {} : { cursor });
  return { items: r.resources, ...(r.nextCursor === undefined ? {} : { nextCursor: r.nextCursor }) };
};
const templates: Lister = async (c, cursor) => {
  const r = await c.listResourceTemplates(cursor === undefined ? {} : { cursor });
  return {
    items: r.resourceTemplates,
    ...(r.nextCursor === undefined ? {} : { nextCursor: r.nextCursor }),
  };
};

/** Follows nextCursor to the end; every page but the last is full. */
async function walk(client: Client, list: Lister): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await list(client, cursor);
    pages++;
    keys.push(...page.items.map((i) => i.name ?? i.uri ?? i.uriTemplate ?? '?'));
    if (page.nextCursor === undefined) break;
    expect(page.items).toHaveLength(PAGE);
    cursor = page.nextCursor;
    if (pages > 1000) throw new Error('cursor loop');
  }
  return { keys, pages };
}

async function invalidParams(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(McpError);
  expect((err as McpError).code).toBe(ErrorCode.InvalidParams);
}

describe('gateway: pagination', () => {
  it('answers a list longer than pageSize in pages: every tool once, in the order of one big page', async () => {
    const client = await small.connect();
    const { keys, pages } = await walk(client, tools);
    const reference = (await tools(await big.connect())).items.map((t) => t.name);
    expect(keys).toEqual(reference);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['paged__t4', 'alpha__echo', 'everything__echo']));
    expect(pages).toBe(Math.ceil(reference.length / PAGE));
  });

  it('pages prompts, resources and resource templates the same way', async () => {
    const client = await small.connect();
    const other = await big.connect();
    for (const list of [prompts, resources, templates]) {
      const reference = (await list(other)).items.map((i) => i.name ?? i.uri ?? i.uriTemplate);
      expect(reference.length).toBeGreaterThan(0);
      const { keys } = await walk(client, list);
      expect(keys).toEqual(reference);
    }
    const { keys } = await walk(client, prompts);
    expect(keys.length).toBeGreaterThan(PAGE);
    expect(keys).toContain('alpha__greet');
  });

  it('answers a single page without nextCursor when the list fits', async () => {
    const client = await small.connect('/mcp/alpha');
    const page = await prompts(client);
    expect(page.items.map((p) => p.name)).toEqual(['greet']);
    expect(page.nextCursor).toBeUndefined();
  });

  it('refuses a garbled cursor with -32602', async () => {
    const client = await small.connect();
    await invalidParams(client.listTools({ cursor: 'not a cursor!' }));
    await invalidParams(client.listTools({ cursor: 'eyJrIjoidG9vbHMifQ' }));
    // Well-formed, but no such snapshot.
    await invalidParams(client.listTools({ cursor: encodeCursor('tools', PAGE, 'no-such-snapshot') }));
    // An upstream server's own cursor is not the gateway's.
    await invalidParams(client.listTools({ cursor: '2' }));
  });

  it('refuses a cursor of another session, of another list, or past the end with -32602', async () => {
    const first = await small.connect();
    const second = await small.connect();
    const { nextCursor } = await tools(first);
    expect(nextCursor).toBeDefined();
    await invalidParams(second.listTools({ cursor: nextCursor! }));
    await invalidParams(first.listPrompts({ cursor: nextCursor! }));
    const data = decodeCursor(nextCursor!)!;
    await invalidParams(first.listTools({ cursor: encodeCursor('tools', 100_000, data.s) }));
    // The cursor still works on the session that got it.
    expect((await tools(first, nextCursor)).items).toHaveLength(PAGE);
  });

  it('keeps paging through the snapshot taken at the first page while a server changes', async () => {
    const client = await small.connect();
    const before = await tools(client);
    expect(firstText(await client.callTool({ name: 'paged__grow' }))).toMatch(/^now \d+ tools$/);
    const keys = before.items.map((t) => t.name!);
    let cursor = before.nextCursor;
    while (cursor !== undefined) {
      const page = await tools(client, cursor);
      keys.push(...page.items.map((t) => t.name!));
      cursor = page.nextCursor;
    }
    expect(keys).not.toContain('paged__t5');
    // A new walk starts from a new snapshot with the grown list.
    expect((await walk(client, tools)).keys).toContain('paged__t5');
  });
});

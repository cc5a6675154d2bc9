import { readFile } from 'node:fs/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { backends, type TestDatabase } from '../test/backends.js';
import { migrate } from './db/migrations.js';
import { createTodoServer, SERVER_INFO } from './server.js';
import { TodoStore, type TodoItem } from './store.js';

it('reports the name and version from package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  expect(SERVER_INFO).toEqual({ name: pkg.name, version: pkg.version });
});

describe.each(backends)('todo server on $name', (backend) => {
  let database: TestDatabase;
  let client: Client;
  let clock: number;
  let listChanges: number;

  beforeEach(async () => {
    database = await backend.open();
    await migrate(database.db);
    clock = Date.parse('2025-01-01T00:00:00.000Z');
    const store = new TodoStore(database.db, () => new Date((clock += 1_000)));
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createTodoServer({ store }).connect(serverTransport);
    client = new Client({ name: 'test', version: '0.0.0' });
    listChanges = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanges++);
    await client.connect(clientTransport);
  });

  afterEach(async () => {
    await client.close();
    await database.dispose();
  });

  /** Calls a tool that must succeed and returns its structured content. */
  async function call<T>(name: string, args: Record<string, unknown>): Promise<T> {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return result.structuredContent as T;
  }

  /** Calls a tool that must fail and returns its error text. */
  async function callFailing(name: string, args: Record<string, unknown>): Promise<string> {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    return (result.content as { text: string }[]).map((c) => c.text).join('\n');
  }

  const add = (title: string, list?: string) => call<{ item: TodoItem }>('add_todo', { title, list });

  it('lists five tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'add_todo',
      'complete_todo',
      'delete_todo',
      'list_todos',
      'search_todos',
    ]);
  });

  it('adds to the inbox by default', async () => {
    const { item } = await add('Buy milk');
    expect(item).toEqual({
      id: expect.any(Number),
      list: 'inbox',
      title: 'Buy milk',
      createdAt: '2025-01-01T00:00:01.000Z',
      completedAt: null,
    });
  });

  it('trims titles and lowercases list names', async () => {
    const { item } = await add('  Write report  ', 'Work');
    expect(item).toMatchObject({ title: 'Write report', list: 'work' });
  });

  it('announces a new list as a resource list change, once', async () => {
    await add('a', 'errands');
    await add('b', 'errands');
    await client.ping(); // notifications are delivered in order, before this reply
    expect(listChanges).toBe(1);
  });

  it('lists open items oldest first, and filters by status', async () => {
    const first = (await add('first')).item;
    const second = (await add('second')).item;
    await call('complete_todo', { id: first.id });

    const open = await call<{ items: TodoItem[] }>('list_todos', {});
    expect(open.items.map((i) => i.id)).toEqual([second.id]);
    const done = await call<{ items: TodoItem[] }>('list_todos', { status: 'done' });
    expect(done.items.map((i) => i.id)).toEqual([first.id]);
    const all = await call<{ items: TodoItem[] }>('list_todos', { status: 'all' });
    expect(all.items.map((i) => i.id)).toEqual([first.id, second.id]);
  });

  it('completes an item once and keeps the first completion time', async () => {
    const { item } = await add('ship it');
    const once = await call<{ item: TodoItem }>('complete_todo', { id: item.id });
    expect(once.item.completedAt).toMatch(/^2025-01-01T00:00:0\d\.000Z$/);
    const twice = await call<{ item: TodoItem }>('complete_todo', { id: item.id });
    expect(twice.item.completedAt).toBe(once.item.completedAt);
  });

  it('deletes an item and reports a second delete as an error', async () => {
    const { item } = await add('temporary');
    const { deleted } = await call<{ deleted: TodoItem }>('delete_todo', { id: item.id });
    expect(deleted).toEqual(item);
    expect(await callFailing('delete_todo', { id: item.id })).toContain(`no item with id ${item.id}`);
    expect((await call<{ items: TodoItem[] }>('list_todos', { status: 'all' })).items).toEqual([]);
  });

  it('searches case-insensitively, newest first, within a list and a limit', async () => {
    await add('Call Alice');
    await add('call bob', 'work');
    await add('Email carol');
    await add('CALL dave', 'work');

    const everywhere = await call<{ items: TodoItem[] }>('search_todos', { query: 'call' });
    expect(everywhere.items.map((i) => i.title)).toEqual(['CALL dave', 'call bob', 'Call Alice']);
    const inWork = await call<{ items: TodoItem[] }>('search_todos', {
      query: 'Call',
      list: 'work',
      limit: 1,
    });
    expect(inWork.items.map((i) => i.title)).toEqual(['CALL dave']);
  });

  it('treats % and _ in a search literally', async () => {
    await add('100% done');
    await add('1000 things');
    await add('snake_case');
    await add('snakeXcase');
    const percent = await call<{ items: TodoItem[] }>('search_todos', { query: '100%' });
    expect(percent.items.map((i) => i.title)).toEqual(['100% done']);
    const underscore = await call<{ items: TodoItem[] }>('search_todos', { query: 'e_c' });
    expect(underscore.items.map((i) => i.title)).toEqual(['snake_case']);
  });

  it('answers unknown lists and ids with tool errors that say what exists', async () => {
    await add('x', 'home');
    expect(await callFailing('list_todos', { list: 'garden' })).toBe(
      'There is no list "garden". Existing lists: home.',
    );
    expect(await callFailing('search_todos', { query: 'x', list: 'garden' })).toContain('no list "garden"');
    expect(await callFailing('complete_todo', { id: 999_999 })).toContain('no item with id 999999');
  });

  it.each([
    { tool: 'add_todo', input: 'a blank title', args: { title: '   ' }, message: 'title must not be empty' },
    {
      tool: 'add_todo',
      input: 'a 501-character title',
      args: { title: 'x'.repeat(501) },
      message: 'at most 500',
    },
    {
      tool: 'add_todo',
      input: 'a list name with spaces',
      args: { title: 'ok', list: 'my list!' },
      message: 'list name may contain only',
    },
    { tool: 'add_todo', input: 'no title', args: {}, message: 'title' },
    { tool: 'complete_todo', input: 'a fractional id', args: { id: 1.5 }, message: 'id' },
    { tool: 'delete_todo', input: 'id 0', args: { id: 0 }, message: 'id' },
    {
      tool: 'search_todos',
      input: 'an empty query',
      args: { query: '' },
      message: 'query must not be empty',
    },
    { tool: 'list_todos', input: 'an unknown status', args: { status: 'later' }, message: 'status' },
  ])('answers $tool with $input by a tool error', async ({ tool, args, message }) => {
    expect(await callFailing(tool, args)).toContain(message);
  });

  describe('resources', () => {
    it('offers one resource per list, with counts', async () => {
      const { item } = await add('a', 'home');
      await add('b', 'home');
      await add('c', 'work');
      await call('complete_todo', { id: item.id });

      const { resources } = await client.listResources();
      expect(resources).toEqual([
        expect.objectContaining({ uri: 'todo://lists/home', name: 'home', description: '1 open, 1 done' }),
        expect.objectContaining({ uri: 'todo://lists/work', name: 'work', description: '1 open, 0 done' }),
      ]);
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'todo://lists/{list}' })]);
    });

    it('reads a list as JSON', async () => {
      const { item } = await add('a', 'home');
      const { contents } = await client.readResource({ uri: 'todo://lists/home' });
      expect(contents).toHaveLength(1);
      expect(contents[0]?.mimeType).toBe('application/json');
      expect(parseJsonContent(contents)).toEqual({ list: 'home', items: [item] });
    });

    it('answers an unknown list with resource-not-found', async () => {
      const error = await client.readResource({ uri: 'todo://lists/nowhere' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(-32002);
    });

    it('completes list names', async () => {
      await add('a', 'home');
      await add('b', 'homework');
      await add('c', 'work');
      const { completion } = await client.complete({
        ref: { type: 'ref/resource', uri: 'todo://lists/{list}' },
        argument: { name: 'list', value: 'ho' },
      });
      expect(completion.values).toEqual(['home', 'homework']);
    });
  });
});

/** The JSON in a single text resource. */
function parseJsonContent(contents: ({ text: string } | { blob: string })[]): unknown {
  const [first] = contents;
  if (contents.length !== 1 || !first || !('text' in first)) throw new Error('expected one text content');
  return JSON.parse(first.text);
}

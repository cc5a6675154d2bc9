/**
 * The todo MCP server: five tools and one resource per list, over an injected {@link TodoStore}.
 *
 * Two kinds of bad input, both answered with `isError: true` tool results so the model can read
 * the message and try again (a protocol error would look like a broken server instead):
 * - malformed arguments are rejected by the zod schemas below (the SDK turns that into a tool error);
 * - well-formed arguments naming things that do not exist are answered by {@link toolError}.
 * @module
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import type { TodoItem, TodoStore } from './store.js';

/** Name and version reported in the `initialize` handshake. Kept equal to package.json (tested). */
export const SERVER_INFO = { name: 'todo-mcp', version: '0.1.0' } as const;

/** List used when a tool call names none. */
export const DEFAULT_LIST = 'inbox';

/** JSON-RPC code the MCP spec assigns to "resource not found". */
const RESOURCE_NOT_FOUND = -32002;

/** Lowercase letters, digits, `-` and `_`: safe to put in a `todo://lists/{list}` URI as is. */
const listName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'list name must not be empty')
  .max(64, 'list name must be at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'list name may contain only letters, digits, "-" and "_"');

const itemId = z.number().int().positive().describe('Item id, as shown by list_todos');
const statusSchema = z.enum(['open', 'done', 'all']);

const itemSchema = z.object({
  id: z.number(),
  list: z.string(),
  title: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

/** URI of the resource holding one list. */
export function listUri(list: string): string {
  return `todo://lists/${list}`;
}

/** A tool result the model sees as a failed call, with the reason as text. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Builds a todo server over `store`. Call once per connection; many servers may share one store.
 * @example
 * const store = new TodoStore(await openSqliteDriver('todo.db'));
 * await createTodoServer({ store }).connect(new StdioServerTransport());
 */
export function createTodoServer(deps: { store: TodoStore }): McpServer {
  const { store } = deps;
  const server = new McpServer(SERVER_INFO, {
    instructions:
      `Todo lists. Items are identified by a numeric id. Lists are created by adding to them; ` +
      `the default list is "${DEFAULT_LIST}". Each list is also a resource at todo://lists/{list}.`,
  });

  const unknownList = async (list: string): Promise<CallToolResult> => {
    const known = (await store.lists()).map((l) => l.name);
    return toolError(
      `There is no list "${list}". ` +
        (known.length > 0
          ? `Existing lists: ${known.join(', ')}.`
          : 'There are no lists yet; add_todo creates one.'),
    );
  };
  const unknownItem = (id: number): CallToolResult =>
    toolError(`There is no item with id ${id}. Use list_todos or search_todos to find ids.`);

  server.registerTool(
    'add_todo',
    {
      title: 'Add todo',
      description: `Adds an item to a list, creating the list if it does not exist yet.`,
      inputSchema: {
        title: z
          .string()
          .trim()
          .min(1, 'title must not be empty')
          .max(500, 'title must be at most 500 characters')
          .describe('What needs doing'),
        list: listName.default(DEFAULT_LIST).describe(`List name (default "${DEFAULT_LIST}")`),
      },
      outputSchema: { item: itemSchema },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    async ({ title, list }) => {
      const { item, createdList } = await store.add(list, title);
      if (createdList) server.sendResourceListChanged();
      return result(`Added ${formatItem(item)}`, { item });
    },
  );

  server.registerTool(
    'list_todos',
    {
      title: 'List todos',
      description: 'Lists the items of one list, oldest first.',
      inputSchema: {
        list: listName.default(DEFAULT_LIST).describe(`List name (default "${DEFAULT_LIST}")`),
        status: statusSchema.default('open').describe('Which items: open (default), done or all'),
      },
      outputSchema: { list: z.string(), status: statusSchema, items: z.array(itemSchema) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ list, status }) => {
      const items = await store.items(list, status);
      if (!items) return unknownList(list);
      const text = items.length > 0 ? items.map(formatItem).join('\n') : `No ${status} items in "${list}".`;
      return result(text, { list, status, items });
    },
  );

  server.registerTool(
    'complete_todo',
    {
      title: 'Complete todo',
      description: 'Marks an item as done. Completing a done item changes nothing.',
      inputSchema: { id: itemId },
      outputSchema: { item: itemSchema },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async ({ id }) => {
      const item = await store.complete(id);
      if (!item) return unknownItem(id);
      return result(`Completed ${formatItem(item)}`, { item });
    },
  );

  server.registerTool(
    'delete_todo',
    {
      title: 'Delete todo',
      description: 'Deletes an item for good. Prefer complete_todo for finished work.',
      inputSchema: { id: itemId },
      outputSchema: { deleted: itemSchema },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      const deleted = await store.delete(id);
      if (!deleted) return unknownItem(id);
      return result(`Deleted ${formatItem(deleted)}`, { deleted });
    },
  );

  server.registerTool(
    'search_todos',
    {
      title: 'Search todos',
      description: 'Finds items whose title contains the given text (case-insensitive), newest first.',
      inputSchema: {
        query: z.string().trim().min(1, 'query must not be empty').max(200).describe('Text to look for'),
        list: listName.optional().describe('Only search this list'),
        status: statusSchema.default('all').describe('Which items: open, done or all (default)'),
        limit: z.number().int().min(1).max(100).default(20).describe('Most items to return (default 20)'),
      },
      outputSchema: { query: z.string(), items: z.array(itemSchema) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, list, status, limit }) => {
      if (list !== undefined && !(await store.hasList(list))) return unknownList(list);
      const items = await store.search(query, { list, status, limit });
      const text = items.length > 0 ? items.map(formatItem).join('\n') : `Nothing matches "${query}".`;
      return result(text, { query, items });
    },
  );

  server.registerResource(
    'todo-list',
    new ResourceTemplate('todo://lists/{list}', {
      list: async () => ({
        resources: (await store.lists()).map((l) => ({
          uri: listUri(l.name),
          name: l.name,
          title: `Todo list "${l.name}"`,
          description: `${l.open} open, ${l.done} done`,
          mimeType: 'application/json',
        })),
      }),
      complete: {
        list: async (prefix) => (await store.lists()).map((l) => l.name).filter((n) => n.startsWith(prefix)),
      },
    }),
    { title: 'Todo list', description: 'Every item of one list, as JSON', mimeType: 'application/json' },
    async (uri, variables) => {
      const parsed = listName.safeParse(variables.list);
      const items = parsed.success ? await store.items(parsed.data) : undefined;
      if (!parsed.success || !items)
        throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href}`);
      const text = JSON.stringify({ list: parsed.data, items }, null, 2);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text }] };
    },
  );

  return server;
}

/** A successful result: readable text for the model, typed data for programs. */
function result(text: string, structuredContent: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent };
}

/** `#3 [x] Buy milk (inbox)` */
function formatItem(item: TodoItem): string {
  return `#${item.id} [${item.completedAt ? 'x' : ' '}] ${item.title} (${item.list})`;
}

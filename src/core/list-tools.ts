/**
 * Lists every tool of a server, following `nextCursor` pagination. Used when a supervised server starts and
 * whenever a remote connection (re)connects or is probed.
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Guards against a server that hands out cursors forever. */
export const MAX_TOOL_PAGES = 1000;

/**
 * All tools of an initialized client's server, across pages; `[]` if the server has no tools capability.
 *
 * @example
 * const names = (await listAllTools(client)).map((t) => t.name);
 */
export async function listAllTools(client: Client, options?: RequestOptions): Promise<Tool[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    const result = await client.listTools(cursor === undefined ? undefined : { cursor }, options);
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

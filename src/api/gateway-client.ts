/**
 * Calls made on a caller's behalf go through the gateway's own `/mcp` endpoint with an SDK client and the
 * caller's credential, so they meet exactly what an MCP client meets: the edge, the key's tool allowlist,
 * the profile's policy, namespacing, tool integrity, deadlines, metrics.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** How the API introduces itself to the gateway (visible in the session list). */
export const API_CLIENT_INFO = { name: 'mcp-platform-api', version: '1' };

/**
 * Opens a session to `${baseUrl}/mcp` with `token`, runs `fn`, then ends the session (DELETE) and closes.
 * @example
 * const tools = await withGatewayClient(url, key, (c) => c.listTools());
 */
export async function withGatewayClient<T>(
  baseUrl: string,
  token: string,
  fn: (client: Client) => Promise<T>,
  path = '/mcp',
): Promise<T> {
  const transport = new StreamableHTTPClientTransport(new URL(path, baseUrl), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client(API_CLIENT_INFO, { capabilities: {} });
  await client.connect(transport);
  try {
    return await fn(client);
  } finally {
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

/** Every page of a paginated list (`tools/list`, `resources/list`, ...). */
export async function allPages<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
  maxPages = 100,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { items, nextCursor } = await list(cursor);
    out.push(...items);
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return out;
}

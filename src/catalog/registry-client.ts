/**
 * The official MCP registry's read API: `GET /v0.1/servers` with `cursor`, `limit`, `search` and
 * `updated_since`, pages followed to the end (`metadata.nextCursor`, or `next_cursor`). Every request goes
 * through the outbound guard.
 * @module
 */
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';

/** The default registry. */
export const DEFAULT_REGISTRY_URL = 'https://registry.modelcontextprotocol.io';

/** Options of {@link fetchRegistry}. */
export interface RegistryQuery {
  baseUrl: string;
  search?: string | undefined;
  updatedSince?: string | undefined;
  /** Page size. Default 100. */
  limit?: number;
  /** Stop after this many pages. Default 200. */
  maxPages?: number;
  fetch: FetchLike;
  /** Called after each page (progress). */
  onPage?: (page: number, total: number) => void;
}

interface Page {
  servers?: Array<{ server?: unknown } & Record<string, unknown>>;
  metadata?: { nextCursor?: string; next_cursor?: string; count?: number };
}

/** `<baseUrl>/v0.1/servers`; a path in the base URL is kept (a registry served under a prefix). */
export function serversUrl(baseUrl: string): URL {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new UsageError(
      `"${baseUrl}" is not a registry URL`,
      `give an http(s) base URL, e.g. ${DEFAULT_REGISTRY_URL}`,
    );
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v0.1/servers`;
  url.search = '';
  url.hash = '';
  return url;
}

/** Every server.json the registry lists for the query (the `server` of each item). */
export async function fetchRegistry(q: RegistryQuery): Promise<unknown[]> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  const servers = serversUrl(q.baseUrl);
  for (let page = 1; page <= (q.maxPages ?? 200); page++) {
    const url = new URL(servers);
    url.searchParams.set('limit', String(q.limit ?? 100));
    if (cursor) url.searchParams.set('cursor', cursor);
    if (q.search) url.searchParams.set('search', q.search);
    if (q.updatedSince) url.searchParams.set('updated_since', q.updatedSince);
    let res: Response;
    try {
      res = await q.fetch(url, { headers: { accept: 'application/json' } });
    } catch (err) {
      throw new PlatformError(
        PlatformErrorCode.ControlFailed,
        `cannot reach the registry at ${q.baseUrl}: ${(err as Error).message}`,
        { url: url.href },
        {
          cause: err,
          hint: 'check the address (catalog.registryUrl) and the network; the bundled catalog works offline',
        },
      );
    }
    if (!res.ok) {
      throw new PlatformError(
        PlatformErrorCode.ControlFailed,
        `the registry answered ${res.status} for ${url.pathname}${url.search}`,
        { url: url.href, status: res.status },
      );
    }
    const body = (await res.json()) as Page;
    for (const item of body.servers ?? []) out.push(item.server ?? item);
    q.onPage?.(page, out.length);
    cursor = body.metadata?.nextCursor ?? body.metadata?.next_cursor;
    if (!cursor) break;
  }
  return out;
}

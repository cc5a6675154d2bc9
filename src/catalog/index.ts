/**
 * The catalog as the rest of the platform uses it: load (bundled + synced), find, search, sync.
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-write.js';
import { guardedFetch, type UrlPolicy } from '../security/ssrf.js';

import {
  bundledCatalog,
  findEntry,
  mergeCatalogs,
  toEntries,
  type CatalogEntry,
  type RegistryCache,
} from './catalog.js';
import { fetchRegistry } from './registry-client.js';

export { categories, findEntry, searchCatalog, type CatalogEntry } from './catalog.js';
export { DEFAULT_REGISTRY_URL } from './registry-client.js';
export * from './server-json.js';

/** Where the registry cache lives. */
export function registryCacheFile(cacheDir: string): string {
  return path.join(cacheDir, 'registry.json');
}

async function readCache(cacheDir: string): Promise<RegistryCache | undefined> {
  try {
    return JSON.parse(await readFile(registryCacheFile(cacheDir), 'utf8')) as RegistryCache;
  } catch {
    return undefined;
  }
}

/** Every entry: the bundled catalog and the synced registry cache. */
export async function loadCatalog(packageRoot: string, cacheDir: string): Promise<CatalogEntry[]> {
  const cache = await readCache(cacheDir);
  const cached = cache ? toEntries(cache.servers, 'registry').entries : [];
  return mergeCatalogs(await bundledCatalog(packageRoot), cached);
}

/** One entry by short id or reverse-DNS name. */
export async function findCatalogEntry(
  packageRoot: string,
  cacheDir: string,
  idOrName: string,
): Promise<CatalogEntry | undefined> {
  return findEntry(await loadCatalog(packageRoot, cacheDir), idOrName);
}

/** The outcome of a sync. */
export interface SyncResult {
  baseUrl: string;
  fetched: number;
  total: number;
  invalid: string[];
  incremental: boolean;
  syncedAt: string;
}

/**
 * Pulls the registry into the cache. With a previous sync of the same registry only entries updated since
 * are fetched and merged by name (newest wins).
 */
export async function syncCatalog(o: {
  cacheDir: string;
  baseUrl: string;
  policy: UrlPolicy;
  full?: boolean;
  onPage?: (page: number, total: number) => void;
}): Promise<SyncResult> {
  const previous = await readCache(o.cacheDir);
  const incremental = !o.full && previous?.baseUrl === o.baseUrl;
  const startedAt = new Date().toISOString();
  const fetched = await fetchRegistry({
    baseUrl: o.baseUrl,
    updatedSince: incremental ? previous.syncedAt : undefined,
    fetch: guardedFetch(o.policy),
    ...(o.onPage ? { onPage: o.onPage } : {}),
  });
  const { entries, invalid } = toEntries(fetched, 'registry');
  const byName = new Map<string, unknown>(incremental ? previous.servers.map((s) => [s.name, s]) : []);
  for (const e of entries) byName.set(e.server.name, e.server);
  const cache: RegistryCache = {
    baseUrl: o.baseUrl,
    syncedAt: startedAt,
    servers: [...byName.values()] as RegistryCache['servers'],
  };
  await mkdir(o.cacheDir, { recursive: true });
  await writeFileAtomic(registryCacheFile(o.cacheDir), `${JSON.stringify(cache)}\n`);
  return {
    baseUrl: o.baseUrl,
    fetched: entries.length,
    total: cache.servers.length,
    invalid,
    incremental,
    syncedAt: startedAt,
  };
}

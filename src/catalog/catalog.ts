/**
 * The catalog: the bundled entries (`registry/catalog.json`, shipped in the package) plus the registry
 * cache `mcp catalog sync` keeps under `MCP_HOME/cache/registry.json`, deduplicated by name (bundled wins:
 * it carries our metadata). Pure functions over entries for listing, searching and categories.
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';

import {
  CATALOG_META,
  catalogMetaSchema,
  serverJsonSchema,
  type CatalogMeta,
  type ServerJson,
} from './server-json.js';

/** A catalog entry: the server.json plus our metadata (derived for registry entries). */
export interface CatalogEntry {
  readonly id: string;
  readonly server: ServerJson;
  readonly meta: CatalogMeta;
  /** `bundled` (ships with MCP Platform) or `registry` (from `mcp catalog sync`). */
  readonly origin: 'bundled' | 'registry';
}

/** The registry cache file. */
export interface RegistryCache {
  baseUrl: string;
  syncedAt: string;
  servers: ServerJson[];
}

/** A short id for a registry entry: the part after the slash, slugified. */
export function shortId(name: string): string {
  return (
    (name.split('/').pop() ?? name)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'server'
  );
}

/** Turns validated server.json documents into entries; invalid ones are reported, not fatal. */
export function toEntries(
  servers: unknown[],
  origin: CatalogEntry['origin'],
): { entries: CatalogEntry[]; invalid: string[] } {
  const entries: CatalogEntry[] = [];
  const invalid: string[] = [];
  for (const raw of servers) {
    const parsed = serverJsonSchema.safeParse(raw);
    if (!parsed.success) {
      invalid.push(
        `${(raw as { name?: string }).name ?? '?'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
      continue;
    }
    const server = parsed.data;
    const own = catalogMetaSchema.safeParse(server._meta?.[CATALOG_META]);
    const meta: CatalogMeta = own.success
      ? own.data
      : { id: shortId(server.name), category: 'uncategorized', tags: [] };
    entries.push({ id: meta.id, server, meta, origin });
  }
  return { entries, invalid };
}

/** The bundled entries. */
export async function bundledCatalog(packageRoot: string): Promise<CatalogEntry[]> {
  const file = path.join(packageRoot, 'registry', 'catalog.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as { servers: unknown[] };
  const { entries, invalid } = toEntries(doc.servers, 'bundled');
  if (invalid.length) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `invalid bundled catalog entries: ${invalid.join('; ')}`,
      { file },
    );
  }
  return entries;
}

/** Bundled plus cached entries; a cached entry with a bundled entry's name or id is left out. */
export function mergeCatalogs(bundled: CatalogEntry[], cached: CatalogEntry[]): CatalogEntry[] {
  const names = new Set(bundled.map((e) => e.server.name));
  const ids = new Set(bundled.map((e) => e.id));
  const out = [...bundled];
  for (const e of cached) {
    if (names.has(e.server.name)) continue;
    let id = e.id;
    for (let n = 2; ids.has(id); n++) id = `${e.id.slice(0, 28)}-${n}`;
    ids.add(id);
    names.add(e.server.name);
    out.push({ ...e, id, meta: { ...e.meta, id } });
  }
  return out;
}

/** Finds an entry by short id or full reverse-DNS name. */
export function findEntry(entries: readonly CatalogEntry[], idOrName: string): CatalogEntry | undefined {
  const key = idOrName.toLowerCase();
  return entries.find((e) => e.id === key) ?? entries.find((e) => e.server.name.toLowerCase() === key);
}

/**
 * Entries matching every word of `query` (in id, name, title, description, category or tags), best first:
 * id and title matches before description matches, featured first among equals.
 */
export function searchCatalog(entries: readonly CatalogEntry[], query: string): CatalogEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored = entries.flatMap((e) => {
    const title = `${e.id} ${e.server.title ?? ''}`.toLowerCase();
    const strong = [e.server.name, e.meta.category, ...e.meta.tags].join(' ').toLowerCase();
    const weak = e.server.description.toLowerCase();
    let score = 0;
    for (const w of words) {
      if (e.id === w) score += 5;
      else if (title.includes(w)) score += 3;
      else if (strong.includes(w)) score += 2;
      else if (weak.includes(w)) score += 1;
      else return [];
    }
    return [{ e, score: score + (e.meta.featured ? 0.5 : 0) }];
  });
  return scored.sort((a, b) => b.score - a.score || a.e.id.localeCompare(b.e.id)).map((s) => s.e);
}

/** Categories with their entry counts, by name. */
export function categories(entries: readonly CatalogEntry[]): Array<{ category: string; count: number }> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.meta.category, (counts.get(e.meta.category) ?? 0) + 1);
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => a.category.localeCompare(b.category));
}

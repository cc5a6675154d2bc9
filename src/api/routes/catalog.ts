/**
 * The catalog (bundled and synced entries): list, search, categories, one entry in full.
 * @module
 */
import * as z from 'zod';

import type { CatalogEntry } from '../../catalog/index.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { anyObject } from '../schemas.js';

const rowSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  description: z.string(),
  version: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  featured: z.boolean(),
  sources: z.array(z.string()).describe('npm, pypi, oci, remote, ...'),
  origin: z.enum(['bundled', 'registry']),
});

/** The catalog code, loaded on first use. */
const catalog = () => import('../../catalog/index.js');

function row(e: CatalogEntry): z.input<typeof rowSchema> {
  return {
    id: e.id,
    name: e.server.name,
    title: e.server.title ?? null,
    description: e.server.description,
    version: e.server.version,
    category: e.meta.category,
    tags: [...e.meta.tags],
    featured: e.meta.featured === true,
    sources: [
      ...new Set([
        ...(e.server.packages ?? []).map((p) => p.registryType),
        ...(e.server.remotes?.length ? ['remote'] : []),
      ]),
    ],
    origin: e.origin,
  };
}

async function entries(deps: ApiDeps): Promise<CatalogEntry[]> {
  if (!deps.catalog) throw new HttpError(404, 'NOT_AVAILABLE', 'the catalog is not available');
  return deps.catalog();
}

/** Catalog routes. */
export const catalogRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/catalog',
    tag: 'catalog',
    summary: 'Catalog entries: all, one category, featured, or matching every word of q',
    scope: 'read',
    query: z.object({
      q: z.string().max(200).optional(),
      category: z.string().max(64).optional(),
      featured: z.enum(['0', '1']).optional(),
    }),
    response: z.array(rowSchema),
    handler: async ({ deps, query }) => {
      const all = await entries(deps);
      const { searchCatalog } = await catalog();
      const found = query.q?.trim() ? searchCatalog(all, query.q) : all;
      return found
        .filter((e) => !query.category || e.meta.category === query.category)
        .filter((e) => query.featured !== '1' || e.meta.featured === true)
        .map(row);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/catalog/categories',
    tag: 'catalog',
    summary: 'Categories with their number of entries',
    scope: 'read',
    response: z.array(z.object({ category: z.string(), count: z.number().int() })),
    handler: async ({ deps }) => (await catalog()).categories(await entries(deps)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/catalog/{id}',
    tag: 'catalog',
    summary: 'One entry in full: its server.json and catalog metadata',
    scope: 'read',
    params: z.object({ id: z.string().min(1).max(200) }),
    response: rowSchema.extend({ meta: anyObject, server: anyObject }),
    handler: async ({ deps, params }) => {
      const e = (await catalog()).findEntry(await entries(deps), params.id);
      if (!e) {
        throw new HttpError(404, 'NOT_FOUND', `no catalog entry "${params.id}"`, { id: params.id });
      }
      return { ...row(e), meta: { ...e.meta }, server: { ...e.server } };
    },
  }),
];

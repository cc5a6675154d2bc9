/**
 * Aggregation of per-server lists into what one endpoint exposes: tools (policy applied, names namespaced)
 * and prompts (names namespaced), with the reverse maps calls and `prompts/get` route through. Pure.
 *
 * Items are copied with only `name` (and, for tools, an overridden `description`) replaced; every other
 * field, known or not (`title`, `icons`, `annotations`, `outputSchema`, `_meta`, ...), passes through.
 * @module
 */
import {
  buildNameTable,
  exposedName,
  qualifiedName,
  type NameStyle,
  type NameTable,
  type NamingOptions,
} from './namespacing.js';
import type { ToolPolicy } from './tool-policy.js';

/** A listed item: anything with a `name`. */
export type NamedItem = { name: string } & Record<string, unknown>;

/** One server's items, in listing order. */
export interface ServerItems {
  readonly server: string;
  readonly items: readonly NamedItem[];
}

/** What an endpoint exposes of one kind. */
export interface ExposedCatalog {
  /** Items as clients see them. */
  readonly items: NamedItem[];
  /** Exposed name -> server and original name (and the original item). */
  readonly table: NameTable<NamedItem>;
}

/** How names are formed for one endpoint. */
export interface CatalogOptions {
  readonly naming: NamingOptions;
  /** `prefixed` on `/mcp`, `original` on `/mcp/<server>`. */
  readonly style: NameStyle;
}

/** The names a policy pattern may refer to: qualified (`server__name`) and, when different, the exposed one. */
export function policyNames(server: string, name: string, naming: NamingOptions): string[] {
  const q = qualifiedName(server, name, naming.separator);
  const e = exposedName(server, name, naming);
  return e === q ? [q] : [q, e];
}

/**
 * The tools an endpoint exposes: denied tools are dropped before names are allotted (a hidden tool never
 * takes a name), then names are namespaced and collisions resolved (see `buildNameTable`).
 * @example buildToolCatalog([{ server: 'a', items: [{ name: 'echo' }] }], policy, opts).items[0].name // 'a__echo'
 */
export function buildToolCatalog(
  lists: readonly ServerItems[],
  policy: ToolPolicy,
  opts: CatalogOptions,
): ExposedCatalog {
  const candidates = lists.flatMap(({ server, items }) =>
    items
      .filter((t) => typeof t.name === 'string' && policy.allows(policyNames(server, t.name, opts.naming)))
      .map((item) => ({ server, name: item.name, item })),
  );
  const table = buildNameTable(candidates, opts.naming, opts.style);
  const items = table.entries.map((e) => {
    const names = [...policyNames(e.server, e.name, opts.naming), e.exposed];
    const description = policy.description(names);
    return {
      ...e.item,
      name: e.exposed,
      ...(description === undefined ? {} : { description }),
    };
  });
  return { items, table };
}

/** The prompts an endpoint exposes, names namespaced like tools. */
export function buildPromptCatalog(lists: readonly ServerItems[], opts: CatalogOptions): ExposedCatalog {
  const candidates = lists.flatMap(({ server, items }) =>
    items.filter((p) => typeof p.name === 'string').map((item) => ({ server, name: item.name, item })),
  );
  const table = buildNameTable(candidates, opts.naming, opts.style);
  return { items: table.entries.map((e) => ({ ...e.item, name: e.exposed })), table };
}

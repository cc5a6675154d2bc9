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

/**
 * The last catalog built from the same inputs, per owner (a session) and kind: aggregating and namespacing
 * every server's list is the costly part of a listing and of routing a call, and its inputs — the cached
 * list arrays of the servers — stay the same objects until a server's list changes.
 */
export class CatalogMemo {
  private readonly last = new WeakMap<
    object,
    Map<string, { lists: readonly ServerItems[]; extra: unknown; inputs: unknown[]; catalog: ExposedCatalog }>
  >();

  /**
   * `build()`'s catalog, or the one built before from the same `lists` and `extra`: the same array (as
   * `gather` hands out while nothing changed), or lists whose servers and item arrays are equal one by one.
   */
  get(
    owner: object,
    kind: string,
    lists: readonly ServerItems[],
    extra: unknown,
    build: () => ExposedCatalog,
  ): ExposedCatalog {
    let byKind = this.last.get(owner);
    if (!byKind) this.last.set(owner, (byKind = new Map()));
    const hit = byKind.get(kind);
    if (hit?.lists === lists && hit.extra === extra) return hit.catalog;
    const inputs = listInputs(lists, extra);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((v, i) => v === inputs[i])) {
      byKind.set(kind, { ...hit, lists });
      return hit.catalog;
    }
    const catalog = build();
    byKind.set(kind, { lists, extra, inputs, catalog });
    return catalog;
  }
}

/** The memo's inputs for a set of server lists: each server and its list array, in order. */
export function listInputs(lists: readonly ServerItems[], ...more: unknown[]): unknown[] {
  const inputs: unknown[] = [...more];
  for (const l of lists) inputs.push(l.server, l.items);
  return inputs;
}

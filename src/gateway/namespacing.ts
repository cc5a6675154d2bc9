/**
 * Names are data: how the gateway turns a server's tool and prompt names and resource URIs into the names
 * its clients see, and back. Pure functions, no I/O.
 *
 * - Tools and prompts: `<server><separator><name>` (default separator `__`). A result that is not valid
 *   (too long, or with characters outside `[A-Za-z0-9_-]`) is replaced by a sanitized, truncated prefix plus
 *   `_` and a stable 8-character hash of the server and original name; the reverse lookup goes through a
 *   table ({@link buildNameTable}), never by re-parsing the string.
 * - Resource URIs: `mcp-platform://<server>/<original URI, verbatim>`. Keeping the original verbatim keeps
 *   URI templates (`{id}`) expandable by clients and makes the reverse a prefix strip.
 * @module
 */

/** The default separator between server and name. */
export const DEFAULT_SEPARATOR = '__';
/** The default longest exposed name (what most clients accept). */
export const DEFAULT_MAX_NAME_LENGTH = 64;
/** The scheme of rewritten resource URIs. */
export const RESOURCE_URI_SCHEME = 'mcp-platform';

const SAFE_CHAR = /[A-Za-z0-9_-]/;
const UNSAFE_CHARS = /[^A-Za-z0-9_-]/g;
const HASH_LENGTH = 8;

/** How exposed names are formed. */
export interface NamingOptions {
  readonly separator: string;
  readonly maxLength: number;
}

/** The defaults: `__`, 64 characters. */
export const DEFAULT_NAMING: NamingOptions = Object.freeze({
  separator: DEFAULT_SEPARATOR,
  maxLength: DEFAULT_MAX_NAME_LENGTH,
});

/**
 * A warning for separators outside `[A-Za-z0-9_-]` (such as `:` or `.`): names containing them fail SEP-986
 * validation in some clients. Undefined when the separator is safe.
 */
export function separatorWarning(separator: string): string | undefined {
  if ([...separator].every((c) => SAFE_CHAR.test(c))) return undefined;
  return (
    `the gateway separator "${separator}" contains characters outside [A-Za-z0-9_-]; ` +
    'some clients reject tool names containing them'
  );
}

/**
 * Whether `name` may be exposed as is: 1..maxLength characters from `[A-Za-z0-9_-]` plus the characters of
 * the separator (which the operator chose knowingly, see {@link separatorWarning}).
 */
export function isValidExposedName(name: string, opts: NamingOptions = DEFAULT_NAMING): boolean {
  if (name.length < 1 || name.length > opts.maxLength) return false;
  return [...name].every((c) => SAFE_CHAR.test(c) || opts.separator.includes(c));
}

/**
 * A stable 8-hex-digit hash (two FNV-1a 32-bit rounds; not cryptographic, collisions are detected by the
 * name table).
 * @example shortHash('github\u0000create_issue') // always the same 8 characters
 */
export function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2 * i + 1) >>> 0;
  }
  return ((a ^ (b >>> 7)) >>> 0).toString(16).padStart(HASH_LENGTH, '0').slice(0, HASH_LENGTH);
}

/** `<server><separator><name>`, before any validity check. */
export function qualifiedName(server: string, name: string, separator: string = DEFAULT_SEPARATOR): string {
  return `${server}${separator}${name}`;
}

/**
 * A sanitized, length-limited name ending in `_<hash>` of the server and original name. Used when the
 * qualified name is invalid, and to disambiguate collisions.
 */
export function hashedName(server: string, name: string, opts: NamingOptions = DEFAULT_NAMING): string {
  const suffix = `_${shortHash(`${server}\u0000${name}`)}`;
  const base = `${server}${opts.separator}${name.replace(UNSAFE_CHARS, '_')}`;
  return base.slice(0, Math.max(0, opts.maxLength - suffix.length)) + suffix;
}

/**
 * The exposed name of `name` of `server`: the qualified name when valid, else {@link hashedName}.
 * @example exposedName('github', 'create_issue') // 'github__create_issue'
 */
export function exposedName(server: string, name: string, opts: NamingOptions = DEFAULT_NAMING): string {
  const q = qualifiedName(server, name, opts.separator);
  return isValidExposedName(q, opts) ? q : hashedName(server, name, opts);
}

/** Where an exposed name leads. */
export interface NameTarget {
  readonly server: string;
  readonly name: string;
}

/** A name that could not be exposed as computed. */
export interface NameCollision {
  /** The name both wanted. */
  readonly exposed: string;
  /** Who keeps it (earlier in profile order, then listing order). */
  readonly kept: NameTarget;
  /** Who lost it. */
  readonly other: NameTarget;
  /** `renamed`: `other` is exposed as `renamedTo`; `skipped`: `other` is not exposed (duplicate or no free name). */
  readonly resolution: 'renamed' | 'skipped';
  readonly renamedTo?: string;
}

/** One entry of a name table. */
export interface NameEntry<T> extends NameTarget {
  readonly exposed: string;
  readonly item: T;
}

/** Exposed names in order, their reverse map and the collisions met while building. */
export interface NameTable<T> {
  readonly entries: readonly NameEntry<T>[];
  readonly byExposed: ReadonlyMap<string, NameEntry<T>>;
  readonly collisions: readonly NameCollision[];
}

/** How a table names its entries: `prefixed` for the aggregate endpoint, `original` for a single server. */
export type NameStyle = 'prefixed' | 'original';

/**
 * Builds the reverse-mappable name table of `candidates`, in order. Deterministic: the first claimant of a
 * name keeps it; a later different claimant gets {@link hashedName}; an exact duplicate (same server, same
 * name) or a claimant whose hashed name is taken too is skipped. Every such case is reported.
 */
export function buildNameTable<T>(
  candidates: readonly { server: string; name: string; item: T }[],
  opts: NamingOptions = DEFAULT_NAMING,
  style: NameStyle = 'prefixed',
): NameTable<T> {
  const byExposed = new Map<string, NameEntry<T>>();
  const entries: NameEntry<T>[] = [];
  const collisions: NameCollision[] = [];
  for (const c of candidates) {
    const wanted = style === 'prefixed' ? exposedName(c.server, c.name, opts) : c.name;
    const holder = byExposed.get(wanted);
    let exposed = wanted;
    if (holder) {
      const kept = { server: holder.server, name: holder.name };
      const other = { server: c.server, name: c.name };
      const alt = hashedName(c.server, c.name, opts);
      const duplicate = holder.server === c.server && holder.name === c.name;
      if (duplicate || byExposed.has(alt) || style === 'original') {
        collisions.push({ exposed: wanted, kept, other, resolution: 'skipped' });
        continue;
      }
      collisions.push({ exposed: wanted, kept, other, resolution: 'renamed', renamedTo: alt });
      exposed = alt;
    }
    const entry: NameEntry<T> = { exposed, server: c.server, name: c.name, item: c.item };
    byExposed.set(exposed, entry);
    entries.push(entry);
  }
  return { entries, byExposed, collisions };
}

/** Describes a collision for a log line. */
export function describeCollision(c: NameCollision): string {
  const who = (t: NameTarget): string => `"${t.name}" of server "${t.server}"`;
  return c.resolution === 'renamed'
    ? `name "${c.exposed}" is taken by ${who(c.kept)}; ${who(c.other)} is exposed as "${c.renamedTo}"`
    : `name "${c.exposed}" is taken by ${who(c.kept)}; ${who(c.other)} is not exposed`;
}

/**
 * The server a name probably belongs to, from its prefix (the longest server name followed by the
 * separator). Only for error messages about names the table does not know, such as tools of a stopped server.
 */
export function guessServer(
  exposed: string,
  servers: readonly string[],
  separator: string = DEFAULT_SEPARATOR,
): string | undefined {
  return servers.filter((s) => exposed.startsWith(`${s}${separator}`)).sort((a, b) => b.length - a.length)[0];
}

/**
 * The exposed form of a resource URI (or URI template) of `server`.
 * @example exposedUri('files', 'file:///tmp/a.txt') // 'mcp-platform://files/file:///tmp/a.txt'
 */
export function exposedUri(server: string, uri: string): string {
  return `${RESOURCE_URI_SCHEME}://${server}/${uri}`;
}

/** The server and original URI of an exposed URI; undefined when `uri` is not one. */
export function parseExposedUri(uri: string): { server: string; uri: string } | undefined {
  const prefix = `${RESOURCE_URI_SCHEME}://`;
  if (!uri.startsWith(prefix)) return undefined;
  const rest = uri.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { server: rest.slice(0, slash), uri: rest.slice(slash + 1) };
}

/**
 * A client's config file seen through its format: read its servers, set or remove entries. Pure over text.
 * @module
 */
import { parseConfig, removeAt, setAt } from './json-edit.js';
import { parseToml, removeTable, setTable } from './toml-edit.js';
import type { ClientSpec } from './types.js';

/** The whole parsed file (validated: throws on a syntax error). */
export function parseFile(spec: ClientSpec, text: string, file: string): Record<string, unknown> {
  return spec.format === 'toml' ? parseToml(text, file) : parseConfig(text, file, spec.format === 'jsonc');
}

/** The servers object of a file (empty when it has none). */
export function serversIn(spec: ClientSpec, text: string, file: string): Record<string, unknown> {
  const servers = parseFile(spec, text, file)[spec.serversKey];
  return typeof servers === 'object' && servers !== null && !Array.isArray(servers)
    ? (servers as Record<string, unknown>)
    : {};
}

/** The text with server `name` set to `entry`. */
export function withEntry(
  spec: ClientSpec,
  text: string,
  file: string,
  name: string,
  entry: Record<string, unknown>,
): string {
  if (spec.format === 'toml') return setTable(text, [spec.serversKey, name], entry, file);
  parseFile(spec, text, file);
  return setAt(text, [spec.serversKey, name], entry);
}

/** The text without the servers `names`. */
export function withoutEntries(spec: ClientSpec, text: string, file: string, names: string[]): string {
  let out = text;
  for (const name of names) {
    out =
      spec.format === 'toml'
        ? removeTable(out, [spec.serversKey, name], file)
        : (parseFile(spec, out, file), removeAt(out, [spec.serversKey, name]));
  }
  return out;
}

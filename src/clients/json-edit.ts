/**
 * Edits of JSON and JSONC client configs that change only what they must: the entry is set or removed with
 * jsonc-parser's edit operations, so every other byte — other servers, other keys, comments, formatting —
 * stays as it was. A file that does not parse is refused with the line and column of the first error.
 * @module
 */
import {
  applyEdits,
  findNodeAtLocation,
  format,
  modify,
  parse,
  parseTree,
  printParseErrorCode,
  type ParseError,
} from 'jsonc-parser';

import { PlatformError, PlatformErrorCode } from '../errors.js';

/** Parses a config; throws `INVALID_INPUT` naming the file, line and column when it is not valid. */
export function parseConfig(text: string, file: string, jsonc: boolean): Record<string, unknown> {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  // Comments are kept wherever a user put them (several clients read JSONC); trailing commas only where the
  // format allows them.
  const value = parse(text, errors, { allowTrailingComma: jsonc, disallowComments: false }) as unknown;
  const first = errors[0];
  if (first) {
    const { line, column } = position(text, first.offset);
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `${file}:${line}:${column}: ${describe(printParseErrorCode(first.error))}; the file was left as it is`,
      { file, line, column },
      { hint: 'fix the file (or restore it with `mcp client restore <client>`), then run the command again' },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `${file}: expected a JSON object at the top level; the file was left as it is`,
      { file },
    );
  }
  return value as Record<string, unknown>;
}

/** The indentation the file already uses (default two spaces). */
function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /^([ \t]+)\S/m.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2 };
  return m[1]!.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1 }
    : { insertSpaces: true, tabSize: m[1]!.length };
}

/**
 * Sets `value` at `path` (creating parent objects), touching nothing else: the edit is made unformatted,
 * then only the inserted text is formatted, in the file's own indentation.
 */
export function setAt(text: string, path: string[], value: unknown): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (text.trim() === '' || text.trim() === '{}') {
    let fresh: unknown = value;
    for (const key of [...path].reverse()) fresh = { [key]: fresh };
    return JSON.stringify(fresh, null, 2).replace(/\n/g, eol) + eol;
  }
  const formatting = { ...indentOf(text), eol };
  let out = text;
  for (const edit of modify(text, path, value, {})) {
    out = applyEdits(out, [edit]);
    out = applyEdits(out, format(out, { offset: edit.offset, length: edit.content.length }, formatting));
  }
  return out;
}

/**
 * Removes the property at `path` with its whole line(s) when it sits on lines of its own, and the comma that
 * separated it, touching nothing else (no-op when absent).
 */
export function removeAt(text: string, path: string[]): string {
  if (text.trim() === '') return text;
  const node = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, path);
  const prop = node?.parent;
  if (!node || prop?.type !== 'property') return text;
  let start = prop.offset;
  let end = prop.offset + prop.length;
  const cuts: Array<[number, number]> = [];
  const comma = /^\s*,/.exec(text.slice(end));
  if (comma) end += comma[0].length;
  else {
    // The last property: drop the comma before it instead.
    const before = /,(\s*(\/\/[^\n]*\n\s*)*)$/.exec(text.slice(0, start));
    if (before) cuts.push([before.index, before.index + 1]);
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) {
    const nl = text.indexOf('\n', end);
    const rest = nl < 0 ? text.slice(end) : text.slice(end, nl);
    if (/^[ \t\r]*$/.test(rest)) {
      start = lineStart;
      end = nl < 0 ? text.length : nl + 1;
    }
  }
  cuts.push([start, end]);
  let out = text;
  for (const [a, b] of cuts.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + out.slice(b);
  return out;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

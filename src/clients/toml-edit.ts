/**
 * Edits of TOML client configs (Codex) that change only the gateway's table: `[<table>.<name>]` and its
 * sub-tables are replaced or removed as a block of lines, or appended at the end; every other line —
 * comments included — stays byte-identical. Input and output are validated with a TOML parser.
 * @module
 */
import { parse } from 'smol-toml';

import { PlatformError, PlatformErrorCode } from '../errors.js';

/** Parses a TOML config; throws `INVALID_INPUT` with the position of the error. */
export function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as { line?: number; column?: number; message: string };
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `${file}:${e.line ?? '?'}:${e.column ?? '?'}: ${e.message.split('\n')[0]}; the file was left as it is`,
      { file, line: e.line, column: e.column },
      { hint: 'fix the file (or restore it with `mcp client restore codex`), then run the command again' },
    );
  }
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

/** The dotted name of a header line's table, unquoted (`mcp_servers."a.b"` -> ['mcp_servers', 'a.b']). */
function headerPath(line: string): string[] | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const parts: string[] = [];
  for (const raw of m[1]!.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+/g) ?? []) {
    parts.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.replace(/^'|'$/g, ''));
  }
  return parts;
}

function isWithin(path: string[] | undefined, table: string[]): boolean {
  return !!path && path.length >= table.length && table.every((p, i) => path[i] === p);
}

/** Lines [start, end) of the table `table` and its sub-tables, or undefined. */
function block(lines: string[], table: string[]): [number, number] | undefined {
  const start = lines.findIndex((l) => {
    const p = headerPath(l);
    return !!p && p.length === table.length && isWithin(p, table);
  });
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length) {
    const p = headerPath(lines[end]!);
    if (p && !isWithin(p, table)) break;
    end++;
  }
  // Blank lines before the next table belong to the layout, not to the block.
  while (end > start + 1 && lines[end - 1]!.trim() === '') end--;
  return [start, end];
}

function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

function value(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v !== null && typeof v === 'object') {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${key(k)} = ${value(x)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(String(v));
}

/** Sets the table `table` to `values` (replacing it if present, appending it otherwise). */
export function setTable(
  text: string,
  table: string[],
  values: Record<string, unknown>,
  file: string,
): string {
  parseToml(text, file);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const body = [
    `[${table.map(key).join('.')}]`,
    ...Object.entries(values).map(([k, v]) => `${key(k)} = ${value(v)}`),
  ];
  const at = block(lines, table);
  let out: string[];
  if (at) out = [...lines.slice(0, at[0]), ...body, ...lines.slice(at[1])];
  else {
    const trimmed = [...lines];
    while (trimmed.length && trimmed.at(-1)!.trim() === '') trimmed.pop();
    out = trimmed.length ? [...trimmed, '', ...body, ''] : [...body, ''];
  }
  const result = out.join(eol);
  parseToml(result, file);
  return result;
}

/** Removes the table `table` and its sub-tables (no-op when absent). */
export function removeTable(text: string, table: string[], file: string): string {
  parseToml(text, file);
  const lines = text.split(/\r?\n/);
  const at = block(lines, table);
  if (!at) return text;
  let [start, end] = at;
  // Take one blank separator line with it.
  if (start > 0 && lines[start - 1]!.trim() === '') start--;
  else if (end < lines.length && lines[end]!.trim() === '') end++;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const result = [...lines.slice(0, start), ...lines.slice(end)].join(eol);
  parseToml(result, file);
  return result;
}

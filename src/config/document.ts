/**
 * YAML handling of config.yaml: parse with positions for error messages, and apply edits to the
 * existing document so the user's comments and key order survive every write.
 * @module
 */
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import type * as z from 'zod';

/** A parse problem with its 1-based line and column. */
export interface YamlProblem {
  message: string;
  line: number | undefined;
  col: number | undefined;
}

/** Parses YAML text; returns the document and its syntax errors (empty when well-formed). */
export function parseYaml(text: string): { doc: Document; errors: YamlProblem[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const errors = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    line: e.linePos?.[0]?.line,
    col: e.linePos?.[0]?.col,
  }));
  return { doc, errors };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Makes `doc` hold `value`, touching only the nodes that differ, so comments on untouched parts survive.
 */
export function syncDocument(doc: Document, value: Record<string, unknown>): void {
  if (!isMap(doc.contents)) {
    doc.contents = doc.createNode(value) as YAMLMap;
    return;
  }
  syncMap(doc, doc.contents, value);
}

function syncMap(doc: Document, node: YAMLMap, value: Record<string, unknown>): void {
  for (const pair of [...node.items]) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!(key in value)) node.delete(key);
  }
  for (const [key, next] of Object.entries(value)) {
    const current = node.get(key, true);
    const currentJs = current === undefined ? undefined : node.toJSON()[key];
    if (currentJs !== undefined && deepEqual(currentJs, next)) continue;
    if (isPlainObject(next) && isMap(current)) {
      syncMap(doc, current, next);
    } else if (Array.isArray(next) && isSeq(current) && current.items.length === next.length) {
      next.forEach((item, i) => {
        const child = current.get(i, true);
        if (isPlainObject(item) && isMap(child)) syncMap(doc, child, item);
        else if (!deepEqual(current.toJSON()[i], item)) current.set(i, doc.createNode(item));
      });
    } else {
      node.set(key, doc.createNode(next));
    }
  }
}

/**
 * Formats zod issues as `path.to.field: message` lines, with line numbers from the document when found.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  source?: { doc: Document; text: string },
): string[] {
  return issues.map((issue) => {
    const p = issue.path.map(String);
    const where = p.length ? p.join('.') : '(document)';
    const line = source ? lineOf(source.doc, source.text, issue.path as (string | number)[]) : undefined;
    return `${where}${line ? ` (line ${line})` : ''}: ${issue.message}`;
  });
}

function lineOf(doc: Document, text: string, p: (string | number)[]): number | undefined {
  for (let n = p.length; n > 0; n--) {
    const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      return text.slice(0, node.range[0]).split('\n').length;
    }
  }
  return undefined;
}

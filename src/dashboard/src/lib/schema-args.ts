/**
 * The pure part of the "try it" forms: which field edits each property of a JSON Schema, the starting
 * values, and turning field values into call arguments.
 * @module
 */
import type { JsonSchema } from './types.js';

/** How a property is edited. */
export type Kind = 'text' | 'number' | 'integer' | 'boolean' | 'select' | 'json';

/** The field kind of a property schema. */
export function kindOf(s: JsonSchema): Kind {
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return 'select';
  if (type === 'string') return 'text';
  if (type === 'number') return 'number';
  if (type === 'integer') return 'integer';
  if (type === 'boolean') return 'boolean';
  return 'json';
}

/** The starting values of the fields (defaults where the schema has them). */
export function initialValues(props: Record<string, JsonSchema>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [name, s] of Object.entries(props)) {
    const k = kindOf(s);
    if (k === 'boolean') out[name] = s.default === true;
    else if (s.default !== undefined)
      out[name] = k === 'json' ? JSON.stringify(s.default) : String(s.default);
    else out[name] = '';
  }
  return out;
}

/** Turns field values into arguments; throws a message naming the first bad field. */
export function toArguments(
  schema: JsonSchema,
  values: Record<string, string | boolean>,
): Record<string, unknown> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const args: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(props)) {
    const kind = kindOf(s);
    const v = values[name];
    if (kind === 'boolean') {
      if (v === true || required.has(name)) args[name] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? v : '';
    if (text.trim() === '') {
      if (required.has(name)) throw new Error(`${name} is required`);
      continue;
    }
    if (kind === 'number' || kind === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n) || (kind === 'integer' && !Number.isInteger(n)))
        throw new Error(`${name} must be ${kind === 'integer' ? 'an integer' : 'a number'}`);
      args[name] = n;
    } else if (kind === 'json') {
      try {
        args[name] = JSON.parse(text);
      } catch {
        throw new Error(`${name} is not valid JSON`);
      }
    } else args[name] = text;
  }
  return args;
}

/** A starting body from a schema: defaults, else empty values of the right type, required fields only. */
export function skeleton(s: JsonSchema | undefined): unknown {
  if (!s) return {};
  if (s.default !== undefined) return s.default;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) {
    const req = new Set(s.required ?? []);
    return Object.fromEntries(
      Object.entries(s.properties ?? {})
        .filter(([k]) => req.has(k))
        .map(([k, v]) => [k, skeleton(v)]),
    );
  }
  if (type === 'array') return [];
  if (type === 'string') return Array.isArray(s.enum) ? s.enum[0] : '';
  if (type === 'number' || type === 'integer') return 0;
  if (type === 'boolean') return false;
  return null;
}

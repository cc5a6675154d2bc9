/**
 * `${ENV_VAR}` and `${secret:NAME}` references in env and header values.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';

const REF = /\$\{(secret:)?([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

/** A reference found in a value. */
export interface TemplateRef {
  kind: 'env' | 'secret';
  name: string;
}

/** Lists the references in a value. */
export function findRefs(value: string): TemplateRef[] {
  return [...value.matchAll(REF)].map((m) => ({ kind: m[1] ? 'secret' : 'env', name: m[2]! }));
}

/** Resolvers for references. */
export interface TemplateResolvers {
  env(name: string): string | undefined;
  secret(name: string): Promise<string>;
}

/**
 * Replaces every reference in `value`. A missing environment variable is an error (it would otherwise
 * start a server with an empty credential); `$${...}` is not special-cased: write the literal elsewhere.
 */
export async function resolveTemplate(value: string, r: TemplateResolvers): Promise<string> {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(REF)) {
    out += value.slice(last, m.index);
    const name = m[2]!;
    if (m[1]) {
      out += await r.secret(name);
    } else {
      const v = r.env(name);
      if (v === undefined) {
        throw new PlatformError(
          PlatformErrorCode.InvalidInput,
          `environment variable ${name} is not set`,
          { name },
          {
            hint: `export ${name}, or store it as a secret and write \${secret:${name}}`,
          },
        );
      }
      out += v;
    }
    last = m.index + m[0].length;
  }
  return out + value.slice(last);
}

/** Resolves every value of a record. */
export async function resolveRecord(
  values: Record<string, string>,
  r: TemplateResolvers,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = await resolveTemplate(v, r);
  return out;
}

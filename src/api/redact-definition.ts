/**
 * Server definitions as the API shows them: literal secret values in `env` and `headers` replaced by
 * `***`, URL passwords hidden. References (`${secret:NAME}`, `${ENV_VAR}`) are not secrets and stay.
 * @module
 */
import { redactUrl } from '../store/redact.js';

/** What a redacted value reads as; sent back unchanged in an update, it keeps the stored value. */
export const REDACTED = '***';

const SECRET_NAME = /(authorization|token|secret|password|passwd|api[-_]?key|cookie|credential|private)/i;
const REFERENCE = /\$\{[^}]*\}/g;
const SCHEME_ONLY = /^\s*(bearer|basic|token)?\s*$/i;

/** Whether the value of `name` must be hidden: a literal (not only references) under a secret-like name. */
export function isSecretValue(name: string, value: string): boolean {
  if (!SECRET_NAME.test(name)) return false;
  return !SCHEME_ONLY.test(value.replace(REFERENCE, ''));
}

function redactMap(map: unknown): unknown {
  if (!map || typeof map !== 'object') return map;
  return Object.fromEntries(
    Object.entries(map as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' && isSecretValue(k, v) ? REDACTED : v,
    ]),
  );
}

/**
 * A copy of a server definition safe to show.
 * @example redactDefinition({ command: 'x', env: { GITHUB_TOKEN: 'ghp_1', MODE: 'fast' } }) // env: { GITHUB_TOKEN: '***', MODE: 'fast' }
 */
export function redactDefinition<T extends Record<string, unknown>>(def: T): T {
  const out: Record<string, unknown> = { ...def };
  if ('env' in out) out.env = redactMap(out.env);
  if ('headers' in out) out.headers = redactMap(out.headers);
  if (typeof out.url === 'string') out.url = redactUrl(out.url);
  return out as T;
}

/**
 * Merges an update's map into the stored one: a value of {@link REDACTED} keeps what is stored under that
 * name (the client only ever saw the placeholder).
 */
export function keepRedacted(
  next: Record<string, string> | undefined,
  stored: unknown,
): Record<string, string> | undefined {
  if (!next) return next;
  const old = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).flatMap(([k, v]) => {
      if (v !== REDACTED) return [[k, v]];
      return typeof old[k] === 'string' ? [[k, old[k]]] : [];
    }),
  );
}

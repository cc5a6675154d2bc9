/**
 * Keeps credentials out of logs, health snapshots and error messages: header values are secrets, and
 * URLs may carry them in userinfo or the query string.
 * @module
 */

const MIN_PART = 8;

/**
 * The strings to hide for a set of resolved headers: each value and each long whitespace-separated part
 * of it (so `abc123…` is hidden even where a message shows it without its `Bearer ` prefix).
 */
export function secretsOf(headers: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const value of Object.values(headers)) {
    if (value.length > 0) out.add(value);
    for (const part of value.split(/\s+/)) if (part.length >= MIN_PART) out.add(part);
  }
  // Longest first, so a value is replaced whole before its parts are.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret in `text` with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  return out;
}

/** A URL safe to log: userinfo removed and every query value replaced with `***`. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<invalid url>';
  }
  if (u.protocol === 'unix:') return url.split('?')[0] ?? url;
  u.username = '';
  u.password = '';
  for (const key of [...new Set(u.searchParams.keys())]) u.searchParams.set(key, '***');
  return u.toString();
}

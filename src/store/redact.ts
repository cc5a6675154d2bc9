/**
 * Keeps passwords in database URLs out of messages and logs.
 * @module
 */

/** `scheme://user:` up to the last `@`: the widest reading of where a password could be. */
const USERINFO = /(\/\/[^/:@]*:)(.*)@/;

/**
 * Replaces the password of a URL with `***`. Everything from `://user:` to the last `@` counts as
 * password, so an unencoded `@` or `/` in it (which URL parsers split differently) leaks nothing.
 * @example redactUrl('postgres://app:s3cret@db:5432/mcp') // 'postgres://app:***@db:5432/mcp'
 */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, '$1***@');
}

/** Removes every plausible spelling of the URL's password (raw, percent-decoded, as parsed) from a message. */
export function redactSecretIn(message: string, url: string): string {
  const secrets = new Set<string>();
  const wide = USERINFO.exec(url)?.[2];
  if (wide) secrets.add(wide).add(safeDecode(wide));
  try {
    const parsed = new URL(url).password;
    if (parsed) secrets.add(parsed).add(safeDecode(parsed));
  } catch {
    // Unparseable: the wide reading above already covers it.
  }
  let out = message;
  // Longest first, so a password never survives because a shorter spelling replaced part of it.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

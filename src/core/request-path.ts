/**
 * The path of an HTTP request target, as `new URL(target, base).pathname` gives it, without building a URL
 * for the common case: every request is routed by its path, and a URL object costs more than the rest of
 * routing together.
 * @module
 */

/**
 * An origin-form path whose characters URL parsing keeps as they are (unreserved, sub-delims, `:`, `@`,
 * `%`, `/`), not starting with `//` (which would name a host).
 */
const PLAIN = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@%/]*$/;

/** A `.` or `..` segment, also percent-encoded, which URL parsing resolves. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** The pathname of a request target (`req.url`): the same string `new URL(target, 'http://localhost')` has. */
export function requestPath(target: string | undefined): string {
  const raw = target ?? '/';
  const query = raw.indexOf('?');
  const path = query === -1 ? raw : raw.slice(0, query);
  if (PLAIN.test(path) && !DOT_SEGMENT.test(path)) return path;
  return new URL(raw, 'http://localhost').pathname;
}

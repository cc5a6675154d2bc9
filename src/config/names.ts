/**
 * Server and profile names are slugs: they become tool-name prefixes, so they are kept short and safe.
 * @module
 */

/** Lowercase letters, digits and hyphens, 1-32 characters, starting with a letter or digit. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Whether `name` is a valid server/profile name. */
export function isSlug(name: string): boolean {
  return SLUG_PATTERN.test(name);
}

/**
 * Turns any label into a slug: lowercase, runs of other characters become one hyphen, trimmed to 32.
 * Returns `''` when nothing usable is left.
 * @example slugify('My GitHub Server!') // 'my-github-server'
 */
export function slugify(label: string): string {
  const s = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return s;
}

/**
 * Slugifies `label` and makes it unique among `taken` by appending `-2`, `-3`, ...
 * Falls back to `server` when the label has no usable characters.
 */
export function uniqueSlug(label: string, taken: ReadonlySet<string>): string {
  const base = slugify(label) || 'server';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = base.slice(0, 32 - suffix.length).replace(/-+$/, '') + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

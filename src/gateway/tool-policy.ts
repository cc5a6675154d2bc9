/**
 * A profile's tool policy: `tools.allow` / `tools.deny` glob patterns and `descriptions` overrides. Pure.
 *
 * Patterns and override keys name tools the way the aggregate endpoint does (`github__create_issue`); both
 * the qualified name and, when it differs, the exposed (hashed) name are tried, so the policy reads the same
 * on `/mcp` and `/mcp/<server>`.
 * @module
 */

/** The policy part of a profile (the shape of `ProfileConfig`). */
export interface ToolPolicyConfig {
  readonly tools?: { readonly allow?: readonly string[]; readonly deny?: readonly string[] };
  readonly descriptions?: Readonly<Record<string, string>>;
}

/**
 * A glob as a RegExp: `*` is any run of characters, `?` one character; everything else is literal; the
 * whole name must match.
 * @example globToRegExp('github__*').test('github__create_issue') // true
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A compiled tool policy. */
export interface ToolPolicy {
  /** Whether a tool known by these names (qualified first) is exposed. */
  allows(names: readonly string[]): boolean;
  /** The override of its description, if any. */
  description(names: readonly string[]): string | undefined;
}

/**
 * Narrows a policy with the tool allowlist of an API key (globs over exposed names; empty: no narrowing).
 * @example restrictTools(policy, ['github__*']).allows(['fs__read_file']) // false
 */
export function restrictTools(policy: ToolPolicy, allow: readonly string[]): ToolPolicy {
  if (allow.length === 0) return policy;
  const res = allow.map(globToRegExp);
  return {
    allows: (names) => policy.allows(names) && res.some((re) => names.some((n) => re.test(n))),
    description: (names) => policy.description(names),
  };
}

/**
 * Compiles a policy. Empty `allow` means every tool; `deny` wins over `allow`.
 * @example compileToolPolicy({ tools: { allow: [], deny: ['*__delete_*'] } }).allows(['fs__delete_file']) // false
 */
export function compileToolPolicy(config: ToolPolicyConfig = {}): ToolPolicy {
  const allow = (config.tools?.allow ?? []).map(globToRegExp);
  const deny = (config.tools?.deny ?? []).map(globToRegExp);
  const descriptions = config.descriptions ?? {};
  const any = (res: RegExp[], names: readonly string[]): boolean =>
    res.some((re) => names.some((n) => re.test(n)));
  return {
    allows: (names) => (allow.length === 0 || any(allow, names)) && !any(deny, names),
    description: (names) => {
      for (const n of names) if (Object.hasOwn(descriptions, n)) return descriptions[n];
      return undefined;
    },
  };
}

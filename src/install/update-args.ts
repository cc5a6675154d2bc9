/**
 * The arguments of an updated definition: the part of `args` the install generated (the old plan's, kept in
 * the install record) is replaced with the new plan's, and what the user added in config.yaml since stays
 * where it is. Pure.
 * @module
 */

/** How the new arguments were made. */
export type ArgsMerge =
  /** The generated part was found unchanged: replaced with the new plan's, the user's additions kept. */
  | { how: 'replaced'; args: string[] }
  /** The generated part was edited: the user's arguments, with the old version's parts swapped for the new. */
  | { how: 'substituted'; args: string[] }
  /** Neither: the user's arguments as they are (the caller warns). */
  | { how: 'kept'; args: string[] };

/** Above this many ways of finding the generated arguments among the user's, the match counts as ambiguous. */
const MAX_MATCHES = 64;

/** Every way `generated` occurs in order (not necessarily adjacent) in `current`: the positions of its items. */
function matches(generated: string[], current: string[]): number[][] {
  const out: number[][] = [];
  const walk = (g: number, from: number, at: number[]): void => {
    if (out.length > MAX_MATCHES) return;
    if (g === generated.length) {
      out.push(at);
      return;
    }
    for (let i = from; i <= current.length - (generated.length - g); i++)
      if (current[i] === generated[g]) walk(g + 1, i + 1, [...at, i]);
  };
  walk(0, 0, []);
  return out;
}

/**
 * `current` with the old generated arguments at `at` replaced by `next`. Same length: item by item, so
 * arguments the user put between them stay between them. Otherwise only when nothing was put between them
 * (what came before and after stays there); `undefined` when that cannot be told.
 */
function replaceAt(current: string[], at: number[], next: string[]): string[] | undefined {
  if (at.length === 0) return [...next, ...current];
  if (at.length === next.length) {
    const out = [...current];
    at.forEach((i, k) => (out[i] = next[k]!));
    return out;
  }
  const first = at[0]!;
  const last = at.at(-1)!;
  if (last - first !== at.length - 1) return undefined;
  return [...current.slice(0, first), ...next, ...current.slice(last + 1)];
}

/**
 * The user's arguments with the old generated arguments that differ from the new plan's at the same place
 * swapped for those. One that holds the old `version` (the package spec) is swapped wherever it occurs, also
 * inside a longer argument, and must still be there; any other only where it is a whole argument. Each
 * argument is swapped once, by the longest that fits. `undefined` when the two plans do not line up or a
 * version-bearing part is no longer in the user's arguments.
 */
function substitute(
  current: string[],
  old: string[],
  next: string[],
  version?: string,
): string[] | undefined {
  if (old.length !== next.length) return undefined;
  const swaps = old
    .map((o, i) => ({ o, n: next[i]!, versioned: !version || o.includes(version) }))
    .filter((s) => s.o !== s.n && s.o !== '')
    .sort((a, b) => b.o.length - a.o.length);
  if (!swaps.every((s) => !s.versioned || current.some((c) => c.includes(s.o)))) return undefined;
  return current.map((c) => {
    const swap = swaps.find((s) => c === s.o || (s.versioned && c.includes(s.o)));
    return swap ? c.replaceAll(swap.o, swap.n) : c;
  });
}

/**
 * The new definition's arguments from `current` (what config.yaml holds), `old` (the arguments the old
 * install generated), `next` (the new plan's) and the old install's `version`. Arguments the user added (appended, or between the
 * generated ones) are kept in place; with no old generated arguments, they follow the new ones.
 * @example mergeArgs(['--from', 'x==1', 'x', '--read-only'], ['--from', 'x==1', 'x'], ['--from', 'x==2', 'x']) // { how: 'replaced', args: ['--from', 'x==2', 'x', '--read-only'] }
 */
export function mergeArgs(current: string[], old: string[], next: string[], version?: string): ArgsMerge {
  const found = matches(old, current);
  if (found.length > 0 && found.length <= MAX_MATCHES) {
    // Two ways of finding them that give different results leave it open which arguments the user added.
    const results = new Set(found.map((at) => JSON.stringify(replaceAt(current, at, next) ?? null)));
    const [only] = results;
    if (results.size === 1 && only !== 'null')
      return { how: 'replaced', args: JSON.parse(only!) as string[] };
  }
  const swapped = substitute(current, old, next, version);
  if (swapped) return { how: 'substituted', args: swapped };
  return { how: 'kept', args: [...current] };
}

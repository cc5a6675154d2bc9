/**
 * `dependsOn` as a graph: cycle detection, closure and stop order. Pure.
 * @module
 */
import { PlatformErrorCode } from '../errors.js';

import { RuntimeError } from './errors.js';

/** Server name -> names it depends on. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** Finds one cycle (as a path whose last name repeats an earlier one), or undefined. */
export function findCycle(graph: DependencyGraph): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const at = onPath.indexOf(name);
    if (at !== -1) return [...onPath.slice(at), name];
    if (done.has(name)) return undefined;
    onPath.push(name);
    for (const dep of graph.get(name) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(name);
    return undefined;
  };
  for (const name of graph.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Throws `DEPENDENCY_CYCLE` when the graph has a cycle. */
export function assertAcyclic(graph: DependencyGraph): void {
  const cycle = findCycle(graph);
  if (cycle) {
    throw new RuntimeError(
      PlatformErrorCode.DependencyCycle,
      `dependsOn forms a cycle: ${cycle.join(' -> ')}`,
      { cycle },
      {
        hint: 'remove one of these dependsOn entries',
      },
    );
  }
}

/** `names` plus everything they depend on, transitively, restricted to names the graph knows and `include` accepts. */
export function dependencyClosure(
  graph: DependencyGraph,
  names: Iterable<string>,
  include: (name: string) => boolean = () => true,
): Set<string> {
  const out = new Set<string>();
  const stack = [...names];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (out.has(name) || !graph.has(name) || !include(name)) continue;
    out.add(name);
    stack.push(...(graph.get(name) ?? []));
  }
  return out;
}

/**
 * Groups names into stop waves: dependents before their dependencies; names within a wave are independent.
 * Assumes an acyclic graph.
 * @example stopWaves(new Map([['app', ['db']], ['db', []]])) // [['app'], ['db']]
 */
export function stopWaves(graph: DependencyGraph, names: Iterable<string> = graph.keys()): string[][] {
  const remaining = new Set(names);
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const neededBy = new Set<string>();
    for (const n of remaining) for (const d of graph.get(n) ?? []) neededBy.add(d);
    const wave = [...remaining].filter((n) => !neededBy.has(n));
    if (wave.length === 0) return [...waves, [...remaining]]; // a cycle: stop the rest together
    for (const n of wave) remaining.delete(n);
    waves.push(wave);
  }
  return waves;
}

import { describe, expect, it } from 'vitest';

import { assertAcyclic, dependencyClosure, findCycle, stopWaves } from './dependencies.js';

const g = (o: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(o));

describe('findCycle / assertAcyclic', () => {
  it('finds none in a DAG', () => {
    expect(findCycle(g({ app: ['db', 'cache'], cache: ['db'], db: [] }))).toBeUndefined();
  });

  it('finds a cycle as a closed path', () => {
    expect(findCycle(g({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(g({ x: [], a: ['a'] }))).toEqual(['a', 'a']);
  });

  it('throws DEPENDENCY_CYCLE with the cycle in data', () => {
    expect(() => assertAcyclic(g({ a: ['b'], b: ['a'] }))).toThrow(
      expect.objectContaining({ code: 'DEPENDENCY_CYCLE', data: { cycle: ['a', 'b', 'a'] } }),
    );
  });
});

describe('dependencyClosure', () => {
  const graph = g({ app: ['api'], api: ['db', 'remote'], db: [], other: [] });

  it('adds transitive dependencies the graph knows', () => {
    expect([...dependencyClosure(graph, ['app'])].sort()).toEqual(['api', 'app', 'db']);
  });

  it('honours the include filter', () => {
    expect([...dependencyClosure(graph, ['app'], (n) => n !== 'db')].sort()).toEqual(['api', 'app']);
  });
});

describe('stopWaves', () => {
  it('stops dependents first, independent servers together', () => {
    expect(stopWaves(g({ app: ['api'], api: ['db'], db: [], solo: [] }))).toEqual([
      ['app', 'solo'],
      ['api'],
      ['db'],
    ]);
  });

  it('stops everything left together if it meets a cycle', () => {
    expect(stopWaves(g({ a: ['b'], b: ['a'], c: [] }))).toEqual([['c'], ['a', 'b']]);
  });
});

import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

import {
  ListSnapshots,
  MAX_SNAPSHOTS_PER_SESSION,
  SNAPSHOT_TTL_MS,
  decodeCursor,
  encodeCursor,
} from './pagination.js';

const list = (n: number) => async () => Array.from({ length: n }, (_, i) => i);

describe('pagination', () => {
  it('round-trips cursors and rejects garbage', () => {
    const c = encodeCursor('prompts', 3, 'abc');
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual({ k: 'prompts', o: 3, s: 'abc' });
    for (const bad of ['', '!!', 'e30', encodeCursor('prompts', 0, 'abc'), '2'])
      expect(decodeCursor(bad)).toBeUndefined();
  });

  it('answers a list that fits one page without a snapshot', async () => {
    const s = new ListSnapshots();
    expect(await s.page('tools', undefined, 3, list(3))).toEqual({ items: [0, 1, 2] });
    expect(s.size).toBe(0);
  });

  it('pages a longer list through one snapshot', async () => {
    const s = new ListSnapshots();
    let loads = 0;
    const load = async () => {
      loads++;
      return list(7)();
    };
    const p1 = await s.page('tools', undefined, 3, load);
    const p2 = await s.page('tools', p1.nextCursor, 3, load);
    const p3 = await s.page('tools', p2.nextCursor, 3, load);
    expect([p1.items, p2.items, p3.items]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(p3.nextCursor).toBeUndefined();
    expect(loads).toBe(1);
    await expect(s.page('resources', p1.nextCursor, 3, load)).rejects.toBeInstanceOf(McpError);
    await expect(s.page('tools', 42, 3, load)).rejects.toBeInstanceOf(McpError);
  });

  it('drops snapshots after the TTL and beyond the per-session bound', async () => {
    let now = 0;
    const s = new ListSnapshots(() => now);
    const first = await s.page('tools', undefined, 1, list(2));
    now += SNAPSHOT_TTL_MS + 1;
    await expect(s.page('tools', first.nextCursor, 1, list(2))).rejects.toThrow(/invalid or expired cursor/);
    const cursors: string[] = [];
    for (let i = 0; i <= MAX_SNAPSHOTS_PER_SESSION; i++)
      cursors.push((await s.page('tools', undefined, 1, list(2))).nextCursor!);
    expect(s.size).toBe(MAX_SNAPSHOTS_PER_SESSION);
    await expect(s.page('tools', cursors[0], 1, list(2))).rejects.toBeInstanceOf(McpError);
    expect((await s.page('tools', cursors.at(-1), 1, list(2))).items).toEqual([1]);
  });
});

import { describe, expect, it } from 'vitest';

import { buildPromptCatalog, buildToolCatalog, CatalogMemo } from './catalog.js';
import { DEFAULT_NAMING } from './namespacing.js';
import { compileToolPolicy } from './tool-policy.js';

const prefixed = { naming: DEFAULT_NAMING, style: 'prefixed' as const };

describe('catalog', () => {
  it('namespaces tools and keeps every other field as it came', () => {
    const tool = { name: 'echo', title: 'Echo', icons: [{ src: 'x' }], _meta: { k: 1 }, 'x-new': true };
    const { items, table } = buildToolCatalog(
      [{ server: 'a', items: [tool] }],
      compileToolPolicy(),
      prefixed,
    );
    expect(items).toEqual([{ ...tool, name: 'a__echo' }]);
    expect(table.byExposed.get('a__echo')).toMatchObject({ server: 'a', name: 'echo' });
  });

  it('drops denied tools before allotting names and overrides descriptions', () => {
    const dash = { naming: { separator: '-', maxLength: 64 }, style: 'prefixed' as const };
    const policy = compileToolPolicy({
      tools: { deny: ['my-srv-x'] },
      descriptions: { 'my-srv-x': 'other' },
    });
    const lists = [
      { server: 'my', items: [{ name: 'srv-x', description: 'first' }] },
      { server: 'my-srv', items: [{ name: 'x', description: 'second' }] },
    ];
    // Both map to my-srv-x, and the pattern names that: both are denied, nothing collides.
    expect(buildToolCatalog(lists, policy, dash).items).toEqual([]);
    const keepSecond = compileToolPolicy({
      tools: { allow: ['my-srv-*'], deny: [] },
      descriptions: { 'my-srv-x': 'over' },
    });
    const { items, table } = buildToolCatalog(lists, keepSecond, dash);
    expect(items.map((i) => [i.name, i.description])).toEqual([
      ['my-srv-x', 'over'],
      [expect.stringMatching(/^my-srv-x_[0-9a-f]{8}$/), 'over'],
    ]);
    expect(table.collisions).toHaveLength(1);
  });

  it('namespaces prompts, same names of two servers both exposed', () => {
    const { items } = buildPromptCatalog(
      [
        { server: 'a', items: [{ name: 'greet', arguments: [] }] },
        { server: 'b', items: [{ name: 'greet' }] },
      ],
      prefixed,
    );
    expect(items.map((p) => p.name)).toEqual(['a__greet', 'b__greet']);
    expect(items[0]).toHaveProperty('arguments');
  });

  it('memoizes a catalog per owner and kind until a list array or an extra input changes', () => {
    const memo = new CatalogMemo();
    const session = {};
    const a = [{ name: 'echo' }];
    let builds = 0;
    const build = (lists: Array<{ server: string; items: typeof a }>) => () => {
      builds += 1;
      return buildToolCatalog(lists, compileToolPolicy(undefined), prefixed);
    };
    const lists = [{ server: 'a', items: a }];
    const first = memo.get(session, 'tools', lists, 0, build(lists));
    expect(memo.get(session, 'tools', lists, 0, build(lists))).toBe(first); // the same array
    expect(memo.get(session, 'tools', [{ server: 'a', items: a }], 0, build(lists))).toBe(first); // equal
    expect(builds).toBe(1);
    memo.get(session, 'tools', lists, 1, build(lists)); // e.g. an approval
    const changed = [{ server: 'a', items: [{ name: 'echo' }, { name: 'more' }] }];
    expect(memo.get(session, 'tools', changed, 1, build(changed)).items).toHaveLength(2);
    memo.get({}, 'tools', changed, 1, build(changed)); // another session
    expect(builds).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';

import { takeProgressToken } from './passthrough.js';
import { rewriteListed, rewritePromptResult, rewriteReadResult, rewriteToolResult } from './uri-rewrite.js';

describe('URI rewriting', () => {
  it('rewrites resource links and embedded resources of tool results, nothing else', () => {
    const result = {
      content: [
        { type: 'text', text: 'file:///not/a/link' },
        { type: 'resource_link', uri: 'file:///a', name: 'a', _meta: { k: 1 } },
        { type: 'resource', resource: { uri: 'file:///b', text: 'b' } },
      ],
      structuredContent: { uri: 'file:///kept' },
      extra: 1,
    };
    expect(rewriteToolResult('fs', result, 'prefixed')).toEqual({
      content: [
        { type: 'text', text: 'file:///not/a/link' },
        { type: 'resource_link', uri: 'mcp-platform://fs/file:///a', name: 'a', _meta: { k: 1 } },
        { type: 'resource', resource: { uri: 'mcp-platform://fs/file:///b', text: 'b' } },
      ],
      structuredContent: { uri: 'file:///kept' },
      extra: 1,
    });
    expect(rewriteToolResult('fs', result, 'original')).toBe(result);
    // The original is not modified, and a result without URIs is passed on as it is.
    expect(result.content[1]).toEqual({
      type: 'resource_link',
      uri: 'file:///a',
      name: 'a',
      _meta: { k: 1 },
    });
    const plain = {
      content: [
        { type: 'text', text: 'a' },
        { type: 'image', data: 'x', mimeType: 'p' },
      ],
    };
    expect(rewriteToolResult('fs', plain, 'prefixed')).toBe(plain);
    const late = {
      content: [
        { type: 'text', text: 'a' },
        { type: 'resource_link', uri: 'x://1', name: 'n' },
      ],
    };
    expect(rewriteToolResult('fs', late, 'prefixed').content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'resource_link', uri: 'mcp-platform://fs/x://1', name: 'n' },
    ]);
  });

  it('rewrites read contents, prompt messages and listed items', () => {
    expect(rewriteReadResult('fs', { contents: [{ uri: 'file:///a', text: 'x' }] }, 'prefixed')).toEqual({
      contents: [{ uri: 'mcp-platform://fs/file:///a', text: 'x' }],
    });
    const prompt = {
      messages: [{ role: 'user', content: { type: 'resource', resource: { uri: 'u://1' } } }],
    };
    expect(rewritePromptResult('s', prompt, 'prefixed').messages).toEqual([
      { role: 'user', content: { type: 'resource', resource: { uri: 'mcp-platform://s/u://1' } } },
    ]);
    expect(rewriteListed('s', { uriTemplate: 't://{x}', name: 'n' }, 'uriTemplate', 'prefixed')).toEqual({
      uriTemplate: 'mcp-platform://s/t://{x}',
      name: 'n',
    });
  });
});

describe('progress tokens', () => {
  it('takes the downstream token off _meta and keeps the rest', () => {
    expect(takeProgressToken({ name: 'x', _meta: { progressToken: 'tok', other: 1 } })).toEqual({
      params: { name: 'x', _meta: { other: 1 } },
      token: 'tok',
    });
    expect(takeProgressToken({ _meta: { progressToken: 5 } })).toEqual({ params: {}, token: 5 });
    expect(takeProgressToken({ a: 1 })).toEqual({ params: { a: 1 } });
  });
});

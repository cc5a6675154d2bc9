/**
 * Rewrites resource URIs in what crosses the gateway, so every URI a client sees on `/mcp` routes back to
 * its server: listed resources and templates, read contents, `resource_link` and embedded `resource`
 * blocks of tool results and prompt messages, and `notifications/resources/updated`. On `/mcp/<server>`
 * (style `original`) URIs are left as they are. Only the URI fields change. Pure.
 * @module
 */
import { exposedUri, type NameStyle } from './namespacing.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites `obj[key]` when it is a string. */
function withUri(server: string, obj: Obj, key: string): Obj {
  const v = obj[key];
  return typeof v === 'string' ? { ...obj, [key]: exposedUri(server, v) } : obj;
}

/** Rewrites one content block (`resource_link` -> `uri`, `resource` -> `resource.uri`); others as is. */
export function rewriteContentBlock(server: string, block: unknown): unknown {
  if (!isObj(block)) return block;
  if (block.type === 'resource_link') return withUri(server, block, 'uri');
  if (block.type === 'resource' && isObj(block.resource)) {
    return { ...block, resource: withUri(server, block.resource, 'uri') };
  }
  return block;
}

/** Rewrites the content blocks of a `tools/call` result. */
export function rewriteToolResult(server: string, result: Obj, style: NameStyle): Obj {
  if (style === 'original' || !Array.isArray(result.content)) return result;
  const content = mapChanged(result.content, (b) => rewriteContentBlock(server, b));
  return content === result.content ? result : { ...result, content };
}

/** `items.map(fn)`, or `items` itself when `fn` returned every item unchanged (most results hold no URI). */
function mapChanged(items: unknown[], fn: (item: unknown) => unknown): unknown[] {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const mapped = fn(item);
    if (mapped === item) continue;
    const out = items.slice(0, i);
    out.push(mapped);
    for (let j = i + 1; j < items.length; j++) out.push(fn(items[j]));
    return out;
  }
  return items;
}

/** Rewrites the message contents of a `prompts/get` result. */
export function rewritePromptResult(server: string, result: Obj, style: NameStyle): Obj {
  if (style === 'original' || !Array.isArray(result.messages)) return result;
  return {
    ...result,
    messages: result.messages.map((m) =>
      isObj(m) ? { ...m, content: rewriteContentBlock(server, m.content) } : m,
    ),
  };
}

/** Rewrites the `contents[].uri` of a `resources/read` result. */
export function rewriteReadResult(server: string, result: Obj, style: NameStyle): Obj {
  if (style === 'original' || !Array.isArray(result.contents)) return result;
  return {
    ...result,
    contents: result.contents.map((c) => (isObj(c) ? withUri(server, c, 'uri') : c)),
  };
}

/** Rewrites a listed resource (`uri`) or template (`uriTemplate`). */
export function rewriteListed(server: string, item: Obj, key: 'uri' | 'uriTemplate', style: NameStyle): Obj {
  return style === 'original' ? item : withUri(server, item, key);
}

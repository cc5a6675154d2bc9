import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import { messageJson, messageParts, stableResult } from './stable-json.js';

const response = (id: string | number, result: unknown): JSONRPCMessage =>
  ({ jsonrpc: '2.0', id, result }) as JSONRPCMessage;

describe('stable results', () => {
  it('gives the same result object for the same items array and key', () => {
    const items = [{ name: 'a' }];
    expect(stableResult('tools', items)).toBe(stableResult('tools', items));
    expect(stableResult('tools', [...items])).not.toBe(stableResult('tools', items));
    expect(stableResult('prompts', items)).toEqual({ prompts: items });
  });

  it('serializes a stable result once and splices it under each id', () => {
    const items = [{ name: 'a', description: 'x "quoted"' }];
    const result = stableResult('tools', items);
    const first = messageJson(response(1, result));
    expect(JSON.parse(first)).toEqual({ jsonrpc: '2.0', id: 1, result: { tools: items } });
    // The text was made once: a later change (which callers must not make) does not show.
    items.push({ name: 'b', description: '' });
    const second = JSON.parse(messageJson(response('req-"2"', result))) as { id: unknown; result: unknown };
    expect(second.id).toBe('req-"2"');
    expect(second.result).toEqual({ tools: [{ name: 'a', description: 'x "quoted"' }] });
  });

  it('serializes everything else as it is', () => {
    const items = [{ name: 'a' }];
    const plain = { tools: items };
    const first = messageJson(response(3, plain));
    plain.tools = [];
    expect(JSON.parse(messageJson(response(3, plain)))).toEqual({
      jsonrpc: '2.0',
      id: 3,
      result: { tools: [] },
    });
    expect(JSON.parse(first)).toEqual({ jsonrpc: '2.0', id: 3, result: { tools: items } });
    const notification = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' } as JSONRPCMessage;
    expect(messageJson(notification)).toBe(JSON.stringify(notification));
    const error = { jsonrpc: '2.0', id: 4, error: { code: -32601, message: 'nope' } } as JSONRPCMessage;
    expect(messageJson(error)).toBe(JSON.stringify(error));
  });

  it('gives a stable response as pieces that make the same JSON, and nothing for other messages', () => {
    const result = stableResult('tools', [{ name: 'é', description: 'ünïcode' }]);
    const parts = messageParts(response(7, result))!;
    const bytes = Buffer.concat([Buffer.from(parts[0]), parts[1], Buffer.from(parts[2])]);
    expect(bytes.toString('utf8')).toBe(messageJson(response(7, result)));
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ jsonrpc: '2.0', id: 7, result });
    expect(messageParts(response(7, { tools: [] }))).toBeUndefined();
  });
});

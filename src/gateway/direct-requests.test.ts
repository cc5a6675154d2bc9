import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

import { abortableOf, Cancellation } from './cancellation.js';
import { DirectRequests } from './direct-requests.js';

/** A transport pair: `direct` on one end, the test plays the server on the other. */
async function pair(): Promise<{
  direct: DirectRequests;
  seen: JSONRPCMessage[];
  passed: JSONRPCMessage[];
  server: InMemoryTransport;
  client: InMemoryTransport;
}> {
  const [client, server] = InMemoryTransport.createLinkedPair();
  const seen: JSONRPCMessage[] = [];
  const passed: JSONRPCMessage[] = [];
  server.onmessage = (m) => void seen.push(m);
  client.onmessage = (m) => void passed.push(m); // what the SDK client would get
  await server.start();
  await client.start();
  return { direct: new DirectRequests(client), seen, passed, server, client };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('direct requests', () => {
  it('sends with an id of its own and resolves with the result object, unchanged', async () => {
    const { direct, seen, passed, server } = await pair();
    const call = direct.request('tools/call', { name: 'echo' }, { timeout: 1000 });
    await tick();
    const sent = seen[0] as { id: string; method: string; params: unknown };
    expect(sent).toMatchObject({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'echo' } });
    expect(sent.id).toMatch(/^gw-\d+$/);
    const result = { content: [{ type: 'text', text: 'hi' }], extra: { kept: true } };
    await server.send({ jsonrpc: '2.0', id: sent.id, result } as JSONRPCMessage);
    await expect(call).resolves.toEqual(result);
    expect(passed).toEqual([]);
    expect(direct.size).toBe(0);
  });

  it('leaves every other message to the SDK client', async () => {
    const { passed, server } = await pair();
    const others: JSONRPCMessage[] = [
      { jsonrpc: '2.0', id: 0, result: {} },
      { jsonrpc: '2.0', id: 'gw-1', method: 'roots/list' },
      { jsonrpc: '2.0', method: 'notifications/tools/list_changed' },
    ] as JSONRPCMessage[];
    for (const m of others) await server.send(m);
    await tick();
    expect(passed).toEqual(others);
  });

  it('rejects with the server error as an McpError', async () => {
    const { direct, seen, server } = await pair();
    const call = direct.request('tools/call', {}, { timeout: 1000 });
    await tick();
    const { id } = seen[0] as { id: string };
    await server.send({ jsonrpc: '2.0', id, error: { code: -32602, message: 'bad', data: { x: 1 } } });
    const err = (await call.catch((e: unknown) => e)) as McpError;
    expect(err).toBeInstanceOf(McpError);
    expect(err.code).toBe(-32602);
    expect(err.data).toEqual({ x: 1 });
  });

  it('refuses a result that is not an object', async () => {
    const { direct, seen, server } = await pair();
    const call = direct.request('tools/call', {}, { timeout: 1000 });
    await tick();
    await server.send({ jsonrpc: '2.0', id: (seen[0] as { id: string }).id, result: [1] } as never);
    await expect(call).rejects.toMatchObject({ code: ErrorCode.InternalError });
  });

  it('times out: the server is told, the caller gets RequestTimeout, a late answer is dropped', async () => {
    const { direct, seen, passed, server } = await pair();
    const call = direct.request('tools/call', {}, { timeout: 30 });
    await expect(call).rejects.toMatchObject({ code: ErrorCode.RequestTimeout, data: { timeout: 30 } });
    const { id } = seen[0] as { id: string };
    expect(seen[1]).toMatchObject({ method: 'notifications/cancelled', params: { requestId: id } });
    await server.send({ jsonrpc: '2.0', id, result: {} } as JSONRPCMessage);
    await tick();
    expect(passed).toEqual([]);
  });

  it('cancels on abort and refuses an already aborted signal without sending', async () => {
    const { direct, seen } = await pair();
    const controller = new AbortController();
    const call = direct.request('tools/call', {}, { timeout: 1000, cancel: abortableOf(controller.signal) });
    await tick();
    controller.abort(new McpError(ErrorCode.RequestTimeout, 'client cancelled'));
    await expect(call).rejects.toThrow('client cancelled');
    expect(seen[1]).toMatchObject({ method: 'notifications/cancelled' });
    await expect(
      direct.request('x', {}, { timeout: 1000, cancel: abortableOf(controller.signal) }),
    ).rejects.toThrow('client cancelled');
    expect(seen).toHaveLength(2);
  });

  it('cancels through a Cancellation as through a signal, and forgets its listener once answered', async () => {
    const { direct, seen, server } = await pair();
    const answered = new Cancellation();
    const first = direct.request('tools/call', {}, { timeout: 1000, cancel: answered });
    await tick();
    await server.send({ jsonrpc: '2.0', id: (seen[0] as { id: string }).id, result: { ok: true } });
    await expect(first).resolves.toEqual({ ok: true });
    answered.abort('too late');
    await tick();
    expect(seen).toHaveLength(1); // no cancellation for a request already answered

    const cancel = new Cancellation();
    const second = direct.request('tools/call', {}, { timeout: 1000, cancel });
    await tick();
    cancel.abort(new McpError(ErrorCode.RequestTimeout, 'client cancelled'));
    await expect(second).rejects.toThrow('client cancelled');
    expect(seen[2]).toMatchObject({
      method: 'notifications/cancelled',
      params: { requestId: (seen[1] as { id: string }).id },
    });
    await expect(direct.request('x', {}, { timeout: 1000, cancel })).rejects.toThrow('client cancelled');
    expect(seen).toHaveLength(3);
  });

  it('fails what is pending when the connection closes, and what comes after', async () => {
    const { direct, client } = await pair();
    const call = direct.request('tools/call', {}, { timeout: 1000 });
    await client.close();
    await expect(call).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    await expect(direct.request('tools/call', {}, { timeout: 1000 })).rejects.toMatchObject({
      code: ErrorCode.ConnectionClosed,
    });
  });
});

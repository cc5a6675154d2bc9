import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWsServer, type ServerProcess } from '../../test/fixtures/remote/processes.js';
import { WebSocketClientTransport } from './websocket-client.js';

describe('WebSocketClientTransport (ws, no global WebSocket needed)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startWsServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('initializes, calls a tool and sends upgrade headers', async () => {
    const transport = new WebSocketClientTransport(new URL(`ws://127.0.0.1:${server.port}/`), {
      headers: { 'X-Api-Key': 'k-123' },
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('ws-fixture');
    const echo = await client.callTool({ name: 'echo', arguments: { message: 'frame' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'echo: frame' }]);
    const whoami = await client.callTool({ name: 'whoami', arguments: {} });
    const headers = JSON.parse((whoami.content as { text: string }[])[0]!.text) as Record<string, string>;
    expect(headers['x-api-key']).toBe('k-123');
    expect(headers['sec-websocket-protocol']).toBe('mcp');
    let closed = 0;
    transport.onclose = () => closed++;
    await client.close();
    expect(closed).toBe(1);
  });

  it('rejects start() when nothing listens, and send() before start()', async () => {
    const transport = new WebSocketClientTransport(new URL('ws://127.0.0.1:1/'));
    await expect(transport.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow(/Not connected/);
    await expect(transport.start()).rejects.toThrow(/ECONNREFUSED/);
  });
});

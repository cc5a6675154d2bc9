import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWsServer, type ServerProcess } from '../../test/fixtures/remote/processes.js';
import {
  WebSocketClientTransport,
  WebSocketHandshakeError,
  WebSocketMessageTooLargeError,
} from './websocket-client.js';

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

  it('refuses a message over maxMessageBytes without sending it, and stays open', async () => {
    const transport = new WebSocketClientTransport(new URL(`ws://127.0.0.1:${server.port}/`), {
      maxMessageBytes: 2000,
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    expect(transport.opened).toBe(true);
    const refused = client.callTool({ name: 'echo', arguments: { message: 'é'.repeat(1000) } });
    await expect(refused).rejects.toBeInstanceOf(WebSocketMessageTooLargeError);
    await expect(refused).rejects.toThrow(/request body over 2000 bytes/);
    const echo = await client.callTool({ name: 'echo', arguments: { message: 'é'.repeat(100) } });
    expect(echo.content).toEqual([{ type: 'text', text: `echo: ${'é'.repeat(100)}` }]);
    await client.close();
  });

  it('rejects start() with the HTTP status when the upgrade is answered with one', async () => {
    const { createServer } = await import('node:http');
    const http = createServer((_req, res) => res.writeHead(401).end());
    http.on('upgrade', (_req, socket) =>
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n'),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as { port: number }).port;
    try {
      const transport = new WebSocketClientTransport(new URL(`ws://127.0.0.1:${port}/`));
      const error = await transport.start().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(WebSocketHandshakeError);
      expect((error as WebSocketHandshakeError).status).toBe(401);
      expect(transport.opened).toBe(false);
    } finally {
      http.close();
    }
  });
});

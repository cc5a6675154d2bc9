import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createFixtureServer } from '../../test/fixtures/remote/fixture-server.js';
import {
  UnixSocketClientTransport,
  listenUnixSocket,
  socketPathFromUrl,
  type UnixSocketListener,
  type UnixSocketServerTransport,
} from './unix-socket.js';

describe('socketPathFromUrl', () => {
  it('accepts the usual unix: URL forms', () => {
    expect(socketPathFromUrl('unix:///run/mcp.sock')).toBe('/run/mcp.sock');
    expect(socketPathFromUrl('unix:/run/mcp.sock')).toBe('/run/mcp.sock');
    expect(socketPathFromUrl('unix://localhost/run/my%20mcp.sock')).toBe('/run/my mcp.sock');
  });

  it('maps Windows named pipes', () => {
    expect(socketPathFromUrl('unix:\\\\.\\pipe\\mcp')).toBe('\\\\.\\pipe\\mcp');
    expect(socketPathFromUrl('unix:////./pipe/mcp')).toBe('\\\\.\\pipe\\mcp');
  });

  it('rejects hosts, empty paths and other schemes', () => {
    expect(() => socketPathFromUrl('unix://example.com/run/mcp.sock')).toThrow(/cannot name a host/);
    expect(() => socketPathFromUrl('unix://')).toThrow(/no socket path/);
    expect(() => socketPathFromUrl('http://x/y')).toThrow(/not a unix: URL/);
  });
});

describe('Unix socket transports', () => {
  let dir: string;
  let listener: UnixSocketListener | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-unix-'));
  });
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves an SDK server to an SDK client, both ways over one socket', async () => {
    const path = join(dir, 'mcp.sock');
    listener = await listenUnixSocket(path, (t) => createFixtureServer().connect(t));
    const client = new Client({ name: 'test', version: '1.0.0' });
    const transport = new UnixSocketClientTransport(path);
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('fixture');
    const result = await client.callTool({ name: 'echo', arguments: { message: 'hi\nthere' } });
    expect(result.content).toEqual([{ type: 'text', text: 'echo: hi\nthere' }]);
    let closed = 0;
    transport.onclose = () => closed++;
    await client.close();
    expect(closed).toBe(1);
  });

  it('reassembles split lines and skips a malformed one', async () => {
    const path = join(dir, 'raw.sock');
    const received: JSONRPCMessage[] = [];
    const errors: Error[] = [];
    let accept: (t: UnixSocketServerTransport) => void = () => undefined;
    const accepted = new Promise<UnixSocketServerTransport>((resolve) => (accept = resolve));
    listener = await listenUnixSocket(path, async (t) => {
      t.onmessage = (m) => received.push(m);
      t.onerror = (e) => errors.push(e);
      await t.start();
      accept(t);
    });
    const raw = createConnection({ path });
    await accepted;
    raw.write('{"jsonrpc":"2.0","method":"a"}\nnot json\n{"jsonrpc":"2.0",');
    await new Promise((r) => setTimeout(r, 20));
    raw.write('"method":"b"}\r\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(received.map((m) => ('method' in m ? m.method : '?'))).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
    raw.destroy();
  });

  it('fails start() when nothing listens, and replaces a stale socket file', async () => {
    const path = join(dir, 'stale.sock');
    await expect(new UnixSocketClientTransport(path).start()).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(path, '');
    // A plain file is not a live listener: listenUnixSocket removes it and listens.
    listener = await listenUnixSocket(path, (t) => createFixtureServer().connect(t));
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new UnixSocketClientTransport(path));
    await client.ping();
    await client.close();
  });

  it('reports the server going away through onclose', async () => {
    const path = join(dir, 'gone.sock');
    listener = await listenUnixSocket(path, (t) => createFixtureServer().connect(t));
    const transport = new UnixSocketClientTransport(path);
    const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
    await transport.start();
    await listener.close();
    listener = undefined;
    await closed;
    await expect(transport.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow(/Not connected/);
  });
});

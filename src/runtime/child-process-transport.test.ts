import { PassThrough } from 'node:stream';

import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

import { ChildProcessTransport } from './child-process-transport.js';
import { PlatformErrorCode } from '../errors.js';

import type { RuntimeError } from './errors.js';

function setup(maxFrameBytes?: number): {
  stdout: PassThrough;
  stdin: PassThrough;
  transport: ChildProcessTransport;
  messages: JSONRPCMessage[];
  errors: Error[];
  dropped: string[];
} {
  const stdout = new PassThrough();
  const stdin = new PassThrough();
  const dropped: string[] = [];
  const transport = new ChildProcessTransport(stdout, stdin, {
    ...(maxFrameBytes === undefined ? {} : { maxFrameBytes }),
    onDroppedLine: (s) => dropped.push(s),
  });
  const messages: JSONRPCMessage[] = [];
  const errors: Error[] = [];
  transport.onmessage = (m) => messages.push(m);
  transport.onerror = (e) => errors.push(e);
  return { stdout, stdin, transport, messages, errors, dropped };
}

const ping = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ChildProcessTransport: framing', () => {
  it('parses frames split across and packed into chunks', async () => {
    const { stdout, transport, messages } = setup();
    await transport.start();
    const wire = `${ping(1)}\n${ping(2)}\n${ping(3)}\n`;
    stdout.write(wire.slice(0, 7));
    stdout.write(wire.slice(7, 50));
    stdout.write(wire.slice(50));
    await tick();
    expect(messages.map((m) => ('id' in m ? m.id : undefined))).toEqual([1, 2, 3]);
  });

  it('drops and counts lines that are not JSON-RPC, keeping the frames around them', async () => {
    const { stdout, transport, messages, dropped, errors } = setup();
    await transport.start();
    stdout.write(`Server starting...\n${ping(1)}\n{"not":"jsonrpc"}\n\n${ping(2)}\r\n`);
    await tick();
    expect(messages).toHaveLength(2);
    expect(transport.droppedLines).toBe(3);
    expect(dropped).toEqual(['Server starting...', '{"not":"jsonrpc"}', '']);
    expect(errors).toEqual([]);
  });

  it('reports FRAME_TOO_LARGE for an oversized line and recovers on the next one', async () => {
    const { stdout, transport, messages, errors } = setup(1024);
    await transport.start();
    stdout.write('x'.repeat(800));
    stdout.write('x'.repeat(800));
    stdout.write(`yyyy\n${ping(7)}\n`);
    await tick();
    expect(errors.map((e) => (e as RuntimeError).code)).toEqual([PlatformErrorCode.FrameTooLarge]);
    expect(messages).toHaveLength(1);
  });

  it('writes newline-delimited JSON on send', async () => {
    const { stdin, transport } = setup();
    await transport.start();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(stdin.read()?.toString()).toBe(`${ping(1)}\n`);
  });
});

describe('ChildProcessTransport: lifecycle', () => {
  it('reports onclose once when stdout ends', async () => {
    const { stdout, transport } = setup();
    let closes = 0;
    transport.onclose = () => closes++;
    await transport.start();
    stdout.end();
    stdout.resume();
    await new Promise((r) => stdout.once('close', r));
    await transport.close();
    expect(closes).toBe(1);
  });

  it('refuses to send after close and to start twice', async () => {
    const { transport } = setup();
    await transport.start();
    await expect(transport.start()).rejects.toThrow(/already started/);
    await transport.close();
    await expect(transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toThrow(/closed/);
  });

  it('rejects a send to the stdin of a server that has exited as a lost connection', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'pipe' });
    child.stdin.on('error', () => undefined);
    await new Promise((resolve) => child.once('exit', resolve));
    const transport = new ChildProcessTransport(child.stdout, child.stdin);
    await transport.start();
    const error = (await transport
      .send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { big: 'x'.repeat(1 << 20) } })
      .catch((err: unknown) => err)) as RuntimeError;
    expect(error.code).toBe(PlatformErrorCode.ConnectionLost);
  });
});

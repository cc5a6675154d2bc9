/**
 * Fault injection over Streamable HTTP: the project's fault server (test/fixtures/fault, `http` mode) as a
 * remote upstream that fails a call or is killed in the middle of one. The server beside it sees no errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  firstText,
  fixture,
  rpcError,
  remote,
  startGateway,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

import { GatewayErrorCode } from './errors.js';

const FAULT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/fault/fault-server.mjs',
);

let server: ChildProcess;
let gw: GatewayFixture;
let client: Client;

beforeAll(async () => {
  server = spawn(process.execPath, [FAULT, 'http', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    server.once('exit', () => reject(new Error('fault server exited')));
  });
  gw = await startGateway({ fault: remote(`http://127.0.0.1:${port}/mcp`), healthy: fixture('paged.mjs') });
  client = await gw.connect();
}, 60_000);

afterAll(async () => {
  server?.kill('SIGKILL');
  await gw?.close();
});

describe('gateway under faults of a remote server', () => {
  it('relays a JSON-RPC error of the server as it was sent', async () => {
    const err = await rpcError(client.callTool({ name: 'fault__fail' }));
    expect(err.code).toBe(ErrorCode.InternalError);
    expect(firstText(await client.callTool({ name: 'healthy__t1' }))).toBe('ran t1');
  });

  it('answers a call whose server is SIGKILLed mid-call within 1 s', async () => {
    const pending = rpcError(
      client.callTool({ name: 'fault__sleep', arguments: { ms: 20_000 } }, undefined, { timeout: 30_000 }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    server.kill('SIGKILL');
    const err = await pending;
    expect(Date.now() - killedAt).toBeLessThan(1000);
    expect(err.code).toBe(GatewayErrorCode.ServerUnavailable);
    expect(err.message).toContain('"fault"');
    expect(firstText(await client.callTool({ name: 'healthy__t1' }))).toBe('ran t1');
  });
});

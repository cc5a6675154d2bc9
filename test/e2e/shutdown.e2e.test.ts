/**
 * SIGTERM to a running platform: new requests get 503, a call in flight finishes (drained, up to 10 s),
 * every server process stops, and nothing is left behind.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';

import { isProcessAlive } from '../../src/runtime/index.js';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const FAULT = path.join(ROOT, 'test', 'fixtures', 'fault', 'fault-server.mjs');

function processesWith(marker: string): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('platform shutdown', () => {
  it('drains calls in flight, answers new requests 503, stops every child', async () => {
    const home = await tempHome();
    const marker = `--marker=${randomUUID()}`;
    await runCli(['server', 'add', 'fault', '--', process.execPath, FAULT, marker], { home });
    const key = (await runCli(['key', 'create', '--name', 'e2e', '--json'], { home })).json<{ key: string }>()
      .key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    const { url, pid } = up.json<{ url: string; pid: number }>();
    const headers = { authorization: `Bearer ${key}` };
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }),
    );
    expect(processesWith(marker)).toHaveLength(1);

    const call = client.callTool({ name: 'fault__sleep', arguments: { ms: 2000 } });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const refused = await fetch(`${url}/api/v1/status`, { headers });
    expect(refused.status).toBe(503);

    const result = await call;
    expect(result.content).toEqual([{ type: 'text', text: 'slept' }]);
    await until(() => !isProcessAlive(pid), 15_000, 'the platform to exit');
    expect(processesWith(marker)).toEqual([]);
    await client.close().catch(() => undefined);
  }, 30_000);
});

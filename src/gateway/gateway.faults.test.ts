/**
 * Fault injection through the gateway, with the project's fault server (test/fixtures/fault): a server
 * killed mid-call, a crash loop, a hang, a failing server behind its circuit breaker, a 20 MB stdout line.
 * Calls to the healthy server beside them see no errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { stdioServerSchema, type StdioServerConfig } from '../config/schema.js';
import { isProcessAlive } from '../runtime/index.js';
import {
  firstText,
  fixture,
  rpcError,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

import { GatewayErrorCode } from './errors.js';

const FAULT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/fault/fault-server.mjs',
);
const marker = `--marker=${randomUUID()}`;
const countFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcp-fault-')), 'calls.log');

function faultServer(
  env: Record<string, string> = {},
  extra: Partial<StdioServerConfig> = {},
): StdioServerConfig {
  return { ...stdioServerSchema.parse({ command: process.execPath, args: [FAULT, marker], env }), ...extra };
}

/** Pids of live processes of the fault server started by this file whose env/args contain `tag`. */
function faultProcesses(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(marker) && l.includes('fault-server.mjs'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

let gw: GatewayFixture;
let client: Client;

beforeAll(async () => {
  gw = await startGateway(
    {
      fault: faultServer(
        { FAULT_COUNT_FILE: countFile },
        { timeouts: { request: 60, max: 600, tools: { sleep: 1 } } },
      ),
      looping: faultServer({ FAULT_START: 'crash' }),
      flaky: faultServer(),
      big: faultServer(),
      healthy: fixture('paged.mjs'),
    },
    {},
    { circuitBreaker: { openMs: 800 } },
    { supervisor: { restart: { initialDelayMs: 100, maxDelayMs: 30_000, jitter: 0 } } },
  );
  client = await gw.connect();
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

async function pidOf(server: string): Promise<number> {
  return Number(firstText(await client.callTool({ name: `${server}__pid` })));
}

describe('gateway under faults', () => {
  it('answers a call whose server is SIGKILLed mid-call within 1 s, restarts it, leaves one process', async () => {
    const pid = await pidOf('fault');
    const pending = rpcError(
      client.callTool({ name: 'fault__sleep', arguments: { ms: 20_000 } }, undefined, { timeout: 30_000 }),
    );
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const err = await pending;
    expect(Date.now() - killedAt).toBeLessThan(1000);
    expect(err.code).toBe(GatewayErrorCode.ServerUnavailable);
    expect(err.message).toContain('"fault"');
    // The server beside it is unaffected.
    expect(firstText(await client.callTool({ name: 'healthy__t1' }))).toBe('ran t1');
    await until(
      () =>
        gw.platform.supervisor.state('fault') === 'running' &&
        gw.platform.supervisor.health('fault').pid !== pid,
      10_000,
      'the restart',
    );
    const restarted = await pidOf('fault');
    expect(restarted).not.toBe(pid);
    expect(faultProcesses().filter((p) => p === pid || p === restarted)).toEqual([restarted]);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('never retries tools/call: a call that crashes its server reached it exactly once', async () => {
    const before = readFileSync(countFile, 'utf8')
      .split('\n')
      .filter((l) => l === 'crash').length;
    const err = await rpcError(client.callTool({ name: 'fault__crash' }));
    expect(err.code).toBe(GatewayErrorCode.ServerUnavailable);
    await until(() => gw.platform.supervisor.state('fault') === 'running', 10_000, 'the restart');
    await new Promise((r) => setTimeout(r, 300));
    const after = readFileSync(countFile, 'utf8')
      .split('\n')
      .filter((l) => l === 'crash').length;
    expect(after - before).toBe(1);
  });

  it('puts a server that keeps crashing in crash-loop, and fails its calls fast with the reason and the retry time', async () => {
    await until(() => gw.platform.supervisor.state('looping') === 'crash-loop', 15_000, 'crash-loop');
    const started = performance.now();
    const err = await rpcError(client.callTool({ name: 'looping__pid' }));
    const ms = performance.now() - started;
    expect(err.code).toBe(GatewayErrorCode.ServerUnavailable);
    expect(err.message).toMatch(/state: crash-loop/);
    expect(err.message).toMatch(/last error: .*exit/i);
    expect(err.message).toMatch(/next restart in \d+ s/);
    expect(err.data).toMatchObject({ server: 'looping', state: 'crash-loop', retryAt: expect.any(String) });
    expect(ms).toBeLessThan(1000); // the figure itself (well under 10 ms) is in docs/performance.md
  });

  it('times a hung call out at the per-tool timeout and cancels it upstream', async () => {
    const err = await rpcError(
      client.callTool({ name: 'fault__sleep', arguments: { ms: 5000 } }, undefined, { timeout: 30_000 }),
    );
    expect(err.code).toBe(GatewayErrorCode.UpstreamTimeout);
    expect(err.message).toContain('within 1000 ms');
    await new Promise((r) => setTimeout(r, 200));
    const stats = JSON.parse(firstText(await client.callTool({ name: 'fault__stats' }))) as {
      cancellations: number;
    };
    expect(stats.cancellations).toBe(1);
  });

  it('opens the circuit after 5 consecutive failures, refuses at once, and closes after a good probe', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await rpcError(client.callTool({ name: 'flaky__fail' }))).code).toBe(-32603);
    }
    const refused = await rpcError(client.callTool({ name: 'flaky__pid' }));
    expect(refused.code).toBe(GatewayErrorCode.CircuitOpen);
    expect(refused.message).toMatch(/5 consecutive failures/);
    expect(firstText(await client.callTool({ name: 'healthy__t1' }))).toBe('ran t1');
    await new Promise((r) => setTimeout(r, 900));
    expect(await pidOf('flaky')).toBeGreaterThan(0); // the half-open probe
    expect(await pidOf('flaky')).toBeGreaterThan(0); // closed again
  });

  it('kills a server that writes a 20 MB stdout line at the 10 MB frame limit and errors the call', async () => {
    const pid = await pidOf('big');
    const rss = process.memoryUsage().rss;
    const err = await rpcError(
      client.callTool({ name: 'big__big', arguments: { bytes: 20 * 1024 * 1024 } }, undefined, {
        timeout: 30_000,
      }),
    );
    expect(err.code).toBe(GatewayErrorCode.ServerUnavailable);
    await until(() => gw.platform.supervisor.health('big').lastError !== undefined, 5000, 'the run to end');
    expect(gw.platform.supervisor.health('big').lastError?.code).toBe('FRAME_TOO_LARGE');
    expect(isProcessAlive(pid)).toBe(false);
    // The gateway held at most one frame's worth (10 MB), not the 20 MB line.
    expect(process.memoryUsage().rss - rss).toBeLessThan(80 * 1024 * 1024);
  });
});

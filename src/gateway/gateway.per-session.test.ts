/**
 * `share: per-session`: a server gets a private upstream (its own process) per client session, declaring
 * that client's capabilities; its state, its server-to-client requests and its lifetime belong to that
 * session. A shared server beside it keeps one process for everyone.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isProcessAlive } from '../runtime/index.js';
import {
  firstText,
  fixture,
  startGateway,
  until,
  type GatewayFixture,
} from '../../test/fixtures/gateway/harness.js';

let gw: GatewayFixture;

beforeAll(async () => {
  gw = await startGateway({
    mine: { ...fixture('per-client.mjs'), share: 'per-session' },
    common: fixture('per-client.mjs'),
  });
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

interface Who {
  pid: number;
  capabilities: Record<string, unknown> | null;
}

async function whoami(client: Client, server: string): Promise<Who> {
  return JSON.parse(firstText(await client.callTool({ name: `${server}__whoami` }))) as Who;
}

/** A client that answers sampling with `answer`. */
function sampler(answer: string): (c: Client) => void {
  return (c) =>
    c.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      model: 'test',
      content: { type: 'text', text: answer },
    }));
}

describe('gateway: share per-session', () => {
  it('gives each session its own process, with that client capabilities, and keeps one shared process', async () => {
    const a = await gw.connect('/mcp', { sampling: {} }, sampler('a'));
    const b = await gw.connect('/mcp', {});
    const [wa, wb] = [await whoami(a, 'mine'), await whoami(b, 'mine')];
    expect(wa.pid).not.toBe(wb.pid);
    const supervised = gw.platform.supervisor.health('mine').pid;
    expect([wa.pid, wb.pid]).not.toContain(supervised);
    expect(wa.capabilities).toMatchObject({ sampling: {} });
    expect(wb.capabilities?.sampling).toBeUndefined();
    // The shared server is one process for both, and declares the gateway's fixed set.
    const [ca, cb] = [await whoami(a, 'common'), await whoami(b, 'common')];
    expect(ca.pid).toBe(cb.pid);
    expect(ca.pid).toBe(gw.platform.supervisor.health('common').pid);
  });

  it('keeps per-client state apart and lists what the server offers that client', async () => {
    const a = await gw.connect('/mcp', { sampling: {} }, sampler('a'));
    const b = await gw.connect('/mcp', {});
    await a.callTool({ name: 'mine__remember', arguments: { value: 'from-a' } });
    await b.callTool({ name: 'mine__remember', arguments: { value: 'from-b' } });
    expect(firstText(await a.callTool({ name: 'mine__recall' }))).toBe('from-a');
    expect(firstText(await b.callTool({ name: 'mine__recall' }))).toBe('from-b');
    // The server registers `sample` only for clients that declared sampling.
    expect((await a.listTools()).tools.map((t) => t.name)).toContain('mine__sample');
    expect((await b.listTools()).tools.map((t) => t.name)).not.toContain('mine__sample');
  });

  it('routes overlapping sampling requests each to the session that caused it', async () => {
    const a = await gw.connect('/mcp', { sampling: {} }, sampler('answer-a'));
    const b = await gw.connect('/mcp', { sampling: {} }, sampler('answer-b'));
    const [ra, rb] = await Promise.all([
      a.callTool({ name: 'mine__sample', arguments: { question: 'q' } }),
      b.callTool({ name: 'mine__sample', arguments: { question: 'q' } }),
    ]);
    expect(firstText(ra)).toBe('sampled: answer-a');
    expect(firstText(rb)).toBe('sampled: answer-b');
  });

  it('stops the private process when the session ends', async () => {
    const transport = new StreamableHTTPClientTransport(new URL('/mcp', gw.origin));
    const c = new Client({ name: 'ender', version: '1.0.0' });
    await c.connect(transport);
    const { pid } = await whoami(c, 'mine');
    expect(isProcessAlive(pid)).toBe(true);
    await transport.terminateSession();
    await c.close();
    await until(() => !isProcessAlive(pid), 5000, 'the private process to exit');
  });

  it('stops private processes when the server is stopped, and opens new ones after a start', async () => {
    const c = await gw.connect('/mcp', {});
    const { pid } = await whoami(c, 'mine');
    await gw.platform.stopServer('mine');
    await until(() => !isProcessAlive(pid), 5000, 'the private process to exit');
    await expect(c.callTool({ name: 'mine__whoami' })).rejects.toThrow(/mine/);
    await gw.platform.startServer('mine');
    const again = await whoami(c, 'mine');
    expect(again.pid).not.toBe(pid);
    expect(isProcessAlive(again.pid)).toBe(true);
  });

  it('opens a new private process after the previous one crashed', async () => {
    const c = await gw.connect('/mcp', {});
    const { pid } = await whoami(c, 'mine');
    process.kill(pid, 'SIGKILL');
    await until(() => !isProcessAlive(pid), 5000, 'the process to die');
    let next: Who | undefined;
    const deadline = Date.now() + 5000;
    while ((next === undefined || next.pid === pid) && Date.now() < deadline) {
      next = await whoami(c, 'mine').catch(() => undefined);
      if (next === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(next?.pid).not.toBe(pid);
    expect(isProcessAlive(next!.pid)).toBe(true);
  });
});

/**
 * `mcp connect` as a desktop client uses it: the SDK `Client` launches `node bin/mcp.js connect` over stdio
 * and talks MCP through it to the gateway of the platform of its MCP_HOME (started by the test, or by
 * connect itself when none runs).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  LATEST_PROTOCOL_VERSION,
  ToolListChangedNotificationSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BIN, ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const CONFORMANCE = path.join(ROOT, 'test', 'fixtures', 'conformance', 'server.mjs');

function childEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: '1', MCP_HOME: home, ...extra };
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !(k in env) && k !== 'MCP_API_KEY' && k !== 'MCP_DATABASE_URL') env[k] = v;
  }
  return env;
}

interface Launched {
  client: Client;
  transport: StdioClientTransport;
  /** What connect wrote to stderr so far. */
  stderr(): string;
  /** Errors of the client transport (e.g. a non-protocol line on stdout). */
  errors: Error[];
}

/** Launches `mcp connect <args>` the way a desktop app does, and initializes an SDK client through it. */
async function launch(
  home: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Launched> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'connect', ...args],
    env: childEnv(home, env),
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'desktop', version: '1.0.0' }, { capabilities: { sampling: {} } });
  const errors: Error[] = [];
  client.onerror = (e) => errors.push(e);
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    const content = req.params.messages[0]?.content;
    const prompt = content && 'text' in content ? String(content.text) : '';
    return { role: 'assistant', model: 'test', content: { type: 'text', text: `answer to ${prompt}` } };
  });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, errors };
}

/** A raw `mcp connect` process: JSON lines in, JSON lines out, and its exit code. */
function rawConnect(home: string, env: Record<string, string> = {}, args: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'connect', ...args], {
    env: childEnv(home, env),
    cwd: ROOT,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    send: (message: object) => child.stdin.write(JSON.stringify(message) + '\n'),
  };
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
};

const text = (result: object): string => JSON.stringify((result as { content?: unknown }).content);

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('mcp connect to a running platform', () => {
  let home: string;
  let key: string;
  const open: Client[] = [];

  beforeAll(async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    await runCli(['server', 'add', 'conformance', '--', process.execPath, CONFORMANCE], { home });
    key = (await runCli(['key', 'create', '--name', 'desktop', '--json'], { home })).json<{ key: string }>()
      .key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close().catch(() => undefined)));
    await runCli(['down'], { home });
  });

  it('relays the aggregate over stdio: namespaced tools, calls and progress', async () => {
    const c = await launch(home);
    open.push(c.client);
    expect(c.client.getServerVersion()?.name).toBe('mcp-platform');
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['echo__echo', 'echo__reverse', 'conformance__test_sampling']),
    );
    expect(
      text(await c.client.callTool({ name: 'echo__echo', arguments: { text: 'over stdio' } })),
    ).toContain('over stdio');
    const progress: Progress[] = [];
    await c.client.callTool({ name: 'conformance__test_tool_with_progress' }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(progress.length).toBeGreaterThan(0);
    // Stdout carried nothing but protocol frames, and nothing went wrong on stderr.
    expect(c.errors).toEqual([]);
    expect(c.stderr()).toBe('');
  });

  it('ends its gateway session when the client closes stdin or signals it', async () => {
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(path.join(home, 'run', 'control.token'), 'utf8').trim();
    const info = JSON.parse(readFileSync(path.join(home, 'run', 'platform.json'), 'utf8')) as {
      port: number;
    };
    const sessions = async (): Promise<number> => {
      const res = await fetch(`http://127.0.0.1:${info.port}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const match = /mcp_gateway_sessions\{endpoint="\/mcp"\} (\d+)/.exec(await res.text());
      return Number(match?.[1] ?? NaN);
    };
    const before = await sessions();
    const closed = await launch(home);
    const signalled = rawConnect(home);
    signalled.send(INITIALIZE);
    await until(() => signalled.stdout().includes('"id":1'), 10_000, 'the initialize answer');
    expect(await sessions()).toBe(before + 2);
    await closed.client.close();
    signalled.child.kill('SIGTERM');
    expect(await signalled.exited).toBe(0);
    const deadline = Date.now() + 5000;
    while ((await sessions()) !== before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await sessions()).toBe(before);
  });

  it('talks to the gateway over one WebSocket, or Streamable HTTP with --transport streamable-http', async () => {
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(path.join(home, 'run', 'control.token'), 'utf8').trim();
    const { port } = JSON.parse(readFileSync(path.join(home, 'run', 'platform.json'), 'utf8')) as {
      port: number;
    };
    const count = async (transport: string): Promise<number> => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/sessions`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const list = (await res.json()) as { transport: string; client: { name: string } | null }[];
      return list.filter((s) => s.transport === transport && s.client?.name === 'desktop').length;
    };
    const [ws, http] = [await count('websocket'), await count('streamable-http')];
    const overWs = await launch(home);
    await overWs.client.ping();
    expect([await count('websocket'), await count('streamable-http')]).toEqual([ws + 1, http]);
    await overWs.client.close();
    await until(async () => (await count('websocket')) === ws, 5000, 'the WebSocket session to end');

    const overHttp = await launch(home, ['--transport', 'streamable-http']);
    open.push(overHttp.client);
    expect(
      text(await overHttp.client.callTool({ name: 'echo__echo', arguments: { text: 'over http' } })),
    ).toContain('over http');
    expect([await count('websocket'), await count('streamable-http')]).toEqual([ws, http + 1]);

    // A platform of an earlier version writes no maxBodyBytes in its run file: connect uses /mcp there.
    await overHttp.client.close();
    open.pop();
    await until(async () => (await count('streamable-http')) === http, 5000, 'the HTTP session to end');
    const runFile = path.join(home, 'run', 'platform.json');
    const original = readFileSync(runFile, 'utf8');
    const { writeFileSync } = await import('node:fs');
    const { maxBodyBytes: _dropped, ...older } = JSON.parse(original) as Record<string, unknown>;
    writeFileSync(runFile, JSON.stringify(older));
    try {
      const againstOlder = await launch(home);
      await againstOlder.client.ping();
      expect([await count('websocket'), await count('streamable-http')]).toEqual([ws, http + 1]);
      await againstOlder.client.close();
    } finally {
      writeFileSync(runFile, original);
    }

    const bad = await runCli(['connect', '--transport', 'carrier-pigeon'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use ws or streamable-http');
  });

  it('relays a server-to-client request (sampling) to the client and its answer back', async () => {
    const c = await launch(home);
    open.push(c.client);
    const result = await c.client.callTool({
      name: 'conformance__test_sampling',
      arguments: { prompt: 'ping?' },
    });
    expect(text(result)).toContain('LLM response: answer to ping?');
  });

  it.each([['ws'], ['streamable-http']])(
    'answers a request over the gateway’s body limit with a JSON-RPC error, and goes on (%s)',
    async (transport) => {
      const c = await launch(home, ['--transport', transport]);
      open.push(c.client);
      const huge = 'x'.repeat(5 * 1024 * 1024);
      // Over WebSocket connect refuses it itself (the gateway would close the socket); over HTTP, a 413.
      await expect(c.client.callTool({ name: 'echo__echo', arguments: { text: huge } })).rejects.toThrow(
        transport === 'ws' ? /gateway: request body over 4194304 bytes/ : /gateway: .*413|request body over/,
      );
      expect(
        text(await c.client.callTool({ name: 'echo__echo', arguments: { text: 'still here' } })),
      ).toContain('still here');
    },
  );

  it('connects to one server with its original names with --server', async () => {
    const c = await launch(home, ['--server', 'echo']);
    open.push(c.client);
    expect((await c.client.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'reverse']);
  });

  it('authenticates with MCP_API_KEY when set', async () => {
    const c = await launch(home, [], { MCP_API_KEY: key });
    open.push(c.client);
    expect((await c.client.listTools()).tools.length).toBeGreaterThan(2);
  });

  it('exits non-zero with a message when MCP_API_KEY is refused, writing nothing to stdout', async () => {
    const raw = rawConnect(home, { MCP_API_KEY: 'mcp_wrong' });
    raw.send(INITIALIZE);
    expect(await raw.exited).toBe(1);
    expect(raw.stderr()).toContain('refused the credentials');
    expect(raw.stdout()).toBe('');
  });

  it('exits non-zero with a message for an unknown --server', async () => {
    const raw = rawConnect(home, {}, ['--server', 'nope']);
    raw.send(INITIALIZE);
    expect(await raw.exited).toBe(1);
    expect(raw.stderr()).toContain('the running profile has no server named "nope"');
    expect(raw.stdout()).toBe('');
  });

  it('warns when the running platform serves another profile than --profile', async () => {
    const c = await launch(home, ['--profile', 'other']);
    open.push(c.client);
    await c.client.ping();
    expect(c.stderr()).toMatch(/serves profile "default", not "other"/);
  });

  it.each([['ws'], ['streamable-http']])(
    'resumes its session when the platform restarts: a call made meanwhile goes out once it is back (%s)',
    async (transport) => {
      const c = await launch(home, ['--transport', transport]);
      open.push(c.client);
      let listChanged = 0;
      c.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
      expect(text(await c.client.callTool({ name: 'echo__echo', arguments: { text: 'before' } }))).toContain(
        'before',
      );

      expect((await runCli(['down'], { home })).code).toBe(0);
      await until(() => /lost the gateway .*reconnecting/.test(c.stderr()), 10_000, 'the loss to be noticed');
      const during = c.client.callTool({ name: 'echo__echo', arguments: { text: 'during' } });
      during.catch(() => undefined); // awaited below
      // Another port: connect finds the new platform through the run file.
      const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
      expect(up.code, up.stderr).toBe(0);
      expect(text(await during)).toContain('during');
      expect(text(await c.client.callTool({ name: 'echo__echo', arguments: { text: 'after' } }))).toContain(
        'after',
      );
      await until(() => listChanged > 0, 5000, 'tools/list_changed');
      expect(c.stderr()).toContain('reconnected to the gateway');
      expect(c.errors).toEqual([]);
    },
    60_000,
  );
});

describe('mcp connect without a running platform', () => {
  it('starts one in the background, connects to it, and leaves it for mcp down', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    expect((await runCli(['config', 'set', 'gateway.port', '0'], { home })).code).toBe(0);
    const c = await launch(home, ['--profile', 'default']);
    try {
      expect((await c.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        'echo__echo',
        'echo__reverse',
      ]);
      expect(c.stderr()).toContain('starting one in the background');
      expect(c.errors).toEqual([]);
    } finally {
      await c.client.close();
    }
    // The platform outlives the connect process.
    expect(existsSync(path.join(home, 'run', 'platform.json'))).toBe(true);
    const down = await runCli(['down'], { home });
    expect(down.code, down.stderr).toBe(0);
  }, 60_000);
});

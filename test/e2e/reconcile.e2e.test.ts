/**
 * The running platform follows config.yaml: the built CLI runs `mcp up --detach`, an SDK client stays
 * connected to /mcp, and `mcp server add|remove|disable|enable` and hand edits change what it sees without
 * a restart. Run `npm run build` first.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const GOOD = path.join(ROOT, 'test', 'fixtures', 'servers', 'good-server.mjs');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('the running platform follows config.yaml', () => {
  let home: string;
  let url: string;
  let token: string;
  let client: Client;
  let changes = 0;

  const toolNames = async (): Promise<string[]> => (await client.listTools()).tools.map((t) => t.name);
  const api = (p: string, method = 'GET'): Promise<Response> =>
    fetch(`${url}${p}`, { method, headers: { authorization: `Bearer ${token}` } });
  const state = async (server: string): Promise<{ state: string; pid: number | null }> =>
    (await (await api(`/api/v1/servers/${server}`)).json()) as { state: string; pid: number | null };
  /** Waits for the next tools/list_changed after `before`. */
  const nextChange = (before: number): Promise<void> => until(() => changes > before, 'tools/list_changed');

  beforeAll(async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const key = (await runCli(['key', 'create', '--name', 'e2e', '--json'], { home })).json<{ key: string }>()
      .key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    url = up.json<{ url: string }>().url;
    token = (await fs.readFile(path.join(home, 'run', 'control.token'), 'utf8')).trim();
    client = new Client({ name: 'e2e-reconcile', version: '1.0.0' });
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changes++);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    await sleep(300); // let the standalone SSE stream (where notifications arrive) open
  }, 90_000);

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await runCli(['down'], { home });
  });

  it('`mcp server add`: the open session gets tools/list_changed, then lists and calls the new tools', async () => {
    expect(await toolNames()).toEqual(expect.arrayContaining(['echo__echo', 'echo__reverse']));
    const before = changes;
    const add = await runCli(['server', 'add', 'good', '--', process.execPath, GOOD], { home });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/the running platform \(pid \d+\) picks this up/);
    await nextChange(before);
    expect(await toolNames()).toEqual(expect.arrayContaining(['echo__echo', 'good__ping', 'good__env']));
    const pong = await client.callTool({ name: 'good__ping', arguments: {} });
    expect(JSON.stringify(pong.content)).toContain('pong');
  });

  it('`mcp server disable` / `enable`: the tools go and come back', async () => {
    let before = changes;
    expect((await runCli(['server', 'disable', 'good'], { home })).code).toBe(0);
    await nextChange(before);
    await until(async () => !(await toolNames()).includes('good__ping'), 'good tools gone');
    await until(async () => (await state('good')).state === 'stopped', 'good stopped');
    expect(await state('good')).toMatchObject({ state: 'stopped', pid: null });

    before = changes;
    expect((await runCli(['server', 'enable', 'good'], { home })).code).toBe(0);
    await nextChange(before);
    expect(await toolNames()).toContain('good__ping');
  });

  it('`mcp server remove`: the open session gets tools/list_changed and the tools are gone', async () => {
    const pid = (await state('good')).pid!;
    expect(pid).toBeGreaterThan(0);
    const before = changes;
    const rm = await runCli(['server', 'remove', 'good'], { home });
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toMatch(/picks this up/);
    await nextChange(before);
    await until(async () => !(await toolNames()).some((n) => n.startsWith('good__')), 'good tools gone');
    expect(await toolNames()).toContain('echo__echo');
    // The reconcile stops the server (its tools go) and then forgets it: the API may see it for a moment longer.
    await until(async () => (await api('/api/v1/servers/good')).status === 404, 'good unknown to the API');
    await until(() => !alive(pid), `process ${pid} to exit`);
  });

  it('an invalid hand edit of config.yaml is logged and ignored: the platform runs on as before', async () => {
    const file = path.join(home, 'config.yaml');
    const valid = await fs.readFile(file, 'utf8');
    const pidBefore = (await state('echo')).pid;
    const doc = parseDocument(valid);
    doc.setIn(['servers', 'broken'], { comand: 'nope' });
    await fs.writeFile(file, doc.toString());
    const log = path.join(home, 'logs', 'platform.log');
    await until(
      async () => (await fs.readFile(log, 'utf8')).includes('config not applied'),
      'the error in platform.log',
    );
    const line = (await fs.readFile(log, 'utf8')).split('\n').find((l) => l.includes('config not applied'))!;
    expect(line).toContain(file);
    expect(line).toContain('servers.broken');

    const reload = await api('/api/v1/reload', 'POST');
    expect(reload.status).toBe(422);
    expect(((await reload.json()) as { error: { code: string } }).error.code).toBe('CONFIG_INVALID');

    expect(await toolNames()).toEqual(expect.arrayContaining(['echo__echo', 'echo__reverse']));
    const echoed = await client.callTool({ name: 'echo__echo', arguments: { text: 'still here' } });
    expect(JSON.stringify(echoed.content)).toContain('still here');
    expect(await state('echo')).toMatchObject({ state: 'running', pid: pidBefore });

    await fs.writeFile(file, valid);
    const fixed = await api('/api/v1/reload', 'POST');
    expect(fixed.status).toBe(200);
    expect(await fixed.json()).toEqual({ profile: 'default', actions: [], notes: [] });
  });

  it('`POST /api/v1/reload` applies a hand edit and returns the plan', async () => {
    const file = path.join(home, 'config.yaml');
    const pidBefore = (await state('echo')).pid;
    const doc = parseDocument(await fs.readFile(file, 'utf8'));
    // A changed environment restarts the server with the new definition.
    doc.setIn(['servers', 'echo', 'env'], { GREETING: 'hello' });
    await fs.writeFile(file, doc.toString());
    const res = await api('/api/v1/reload', 'POST');
    expect(res.status).toBe(200);
    const plan = (await res.json()) as { actions: { kind: string; name: string; state: string }[] };
    // The watcher may have applied the edit first; then this reload finds nothing left to do.
    if (plan.actions.length > 0) {
      expect(plan.actions).toEqual([
        expect.objectContaining({ kind: 'restart', name: 'echo', state: 'running' }),
      ]);
    }
    await until(async () => (await state('echo')).state === 'running', 'echo running');
    expect((await state('echo')).pid).not.toBe(pidBefore);
    expect(await toolNames()).toContain('echo__echo');
  });

  it('`mcp profile use` while running: the platform keeps the profile it started with, and says so', async () => {
    expect((await runCli(['profile', 'create', 'other'], { home })).code).toBe(0);
    const use = await runCli(['profile', 'use', 'other'], { home });
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toMatch(/keeps running profile "default"; restart it to switch/);
    const add = await runCli(['server', 'add', 'lone', '--', process.execPath, GOOD], { home });
    expect(add.stdout).toMatch(/runs profile "default", which this does not change/);
    const res = await api('/api/v1/reload', 'POST');
    const plan = (await res.json()) as { actions: unknown[]; notes: string[] };
    expect(plan.actions).toEqual([]);
    expect(plan.notes).toEqual([expect.stringMatching(/active profile is now "other"/)]);
    const status = (await (await api('/api/v1/status')).json()) as { servers: { name: string }[] };
    expect(status.servers.map((s) => s.name)).toEqual(['echo']);
    expect(await toolNames()).toContain('echo__echo');
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

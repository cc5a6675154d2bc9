/**
 * The REST API contract: a real platform started from the built CLI serves its OpenAPI document, and real
 * answers of every documented route are validated against that document (as served, with ajv), including
 * error answers, streams (NDJSON, SSE) and the scope and CSRF rules.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { API_ROUTES } from '../../src/api/routes/index.js';
import { CLIENT_IDS } from '../../src/clients/types.js';
import { startHttpFixture, type HttpFixture } from '../fixtures/remote/http-fixture.js';

import { ROOT, runCli, tempHome } from './cli-harness.js';
import { Contract, type OpenApiDoc } from './openapi-contract.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const CRASH = path.join(ROOT, 'test', 'fixtures', 'servers', 'crash-on-start.mjs');

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

describe('REST API contract', () => {
  let home: string;
  let user: string;
  let url: string;
  let token: string;
  let admin: string;
  let reader: string;
  let contract: Contract;
  let remote: HttpFixture;
  const problems: string[] = [];

  /** Calls the API and checks the answer against the document. */
  async function api(
    method: string,
    p: string,
    opts: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const key = opts.key === undefined ? admin : opts.key;
    const res = await fetch(url + p, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? (JSON.parse(text) as unknown) : text;
    if (type.includes('application/json')) problems.push(...contract.check(method, p, res.status, body));
    return { status: res.status, body, headers: res.headers };
  }

  beforeAll(async () => {
    home = await tempHome();
    user = await tempHome('mcp-user-');
    const env = { HOME: user, XDG_CONFIG_HOME: path.join(user, '.config'), APPDATA: '', CODEX_HOME: '' };
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home, env });
    await runCli(['server', 'add', 'crashy', '--', process.execPath, CRASH], { home, env });
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home, env });
    expect(up.code, up.stderr).toBe(0);
    url = up.json<{ url: string }>().url;
    token = (await fs.readFile(path.join(home, 'run', 'control.token'), 'utf8')).trim();
    const key = async (name: string, scope: string): Promise<string> =>
      (await runCli(['key', 'create', '--name', name, '--scope', scope, '--json'], { home })).json<{
        key: string;
      }>().key;
    admin = await key('admin', 'admin');
    reader = await key('reader', 'read');
    const doc = await fetch(`${url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
    contract = new Contract((await doc.json()) as OpenApiDoc);
    remote = await startHttpFixture();
  });

  afterAll(async () => {
    await runCli(['down'], { home });
    await remote?.close();
  });

  it('serves the OpenAPI 3.1 document generated from the route definitions', () => {
    expect(contract.doc.openapi).toBe('3.1.0');
    for (const r of API_ROUTES)
      expect(contract.doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
  });

  it('answers status, servers, health and logs as documented', async () => {
    expect((await api('GET', '/health', { key: null })).status).toBe(200);
    expect((await api('GET', '/ready', { key: null })).status).toBe(200);
    expect((await api('GET', '/api/v1/status')).status).toBe(200);
    const servers = (await api('GET', '/api/v1/servers')).body as { name: string; running: boolean }[];
    expect(servers.map((s) => s.name)).toEqual(['echo', 'crashy']);
    expect((await api('GET', '/api/v1/servers/echo')).status).toBe(200);
    expect((await api('GET', '/api/v1/servers/echo/config')).status).toBe(200);
    const logs = await api('GET', '/api/v1/servers/echo/logs?n=5');
    expect((logs.body as { lines: string[] }).lines.length).toBeGreaterThan(0);
    expect(((await api('GET', '/api/v1/servers/echo/health')).body as { healthy: boolean }).healthy).toBe(
      true,
    );
    // The crashing fixture shows its error state.
    const crashy = (await api('GET', '/api/v1/servers/crashy/health')).body as {
      healthy: boolean;
      lastError: { message: string } | null;
    };
    expect(crashy.healthy).toBe(false);
    expect(crashy.lastError?.message).toMatch(/exited with code 3/);
    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${reader}` } });
    expect(await metrics.text()).toContain('mcp_gateway_sessions');
    contract.exercised.add('get /metrics');
  });

  it('adds, changes, disables, enables and removes a server, audit-logging its command', async () => {
    const add = await api('POST', '/api/v1/servers', {
      body: { name: 'echo2', command: process.execPath, args: [ECHO], env: { API_TOKEN: 'hunter2' } },
    });
    expect(add.status).toBe(201);
    expect(JSON.stringify(add.body)).not.toContain('hunter2');
    expect((add.body as { reconcile: { actions: { state: string }[] } }).reconcile.actions[0]!.state).toBe(
      'running',
    );
    const audit = (await api('GET', '/api/v1/audit?action=server.add')).body as {
      target: string;
      details: unknown;
    }[];
    expect(audit[0]).toMatchObject({ target: 'echo2', details: { command: process.execPath, args: [ECHO] } });
    const patch = await api('PATCH', '/api/v1/servers/echo2', {
      body: { description: 'second', env: { API_TOKEN: '***' } },
    });
    expect(patch.status).toBe(200);
    const yaml = await fs.readFile(path.join(home, 'config.yaml'), 'utf8');
    expect(yaml).toContain('hunter2'); // "***" kept the stored value
    expect(yaml).toContain('second');
    await fs.access(path.join(home, 'config.yaml.bak'));
    expect((await api('POST', '/api/v1/servers/echo2/disable')).status).toBe(200);
    expect((await api('POST', '/api/v1/servers/echo2/enable')).status).toBe(200);
    expect((await api('POST', '/api/v1/servers/echo2/stop')).body).toMatchObject({ state: 'stopped' });
    expect((await api('POST', '/api/v1/servers/echo2/start')).body).toMatchObject({ state: 'running' });
    expect((await api('POST', '/api/v1/servers/echo2/restart')).body).toMatchObject({ state: 'running' });
    expect(
      (await api('POST', '/api/v1/servers', { body: { name: 'echo2', url: 'http://127.0.0.1:1/mcp' } }))
        .status,
    ).toBe(409);
    expect((await api('DELETE', '/api/v1/servers/echo2')).status).toBe(200);
    expect((await api('GET', '/api/v1/servers/echo2')).status).toBe(404);
    expect((await api('POST', '/api/v1/servers', { body: { name: 'Bad Name' } })).status).toBe(400);
    const wsOnHttp = await api('POST', '/api/v1/servers', {
      body: { name: 'wsbad', url: 'http://127.0.0.1:1/mcp', transport: 'websocket' },
    });
    expect(wsOnHttp.status).toBe(422);
    expect(JSON.stringify(wsOnHttp.body)).toContain('WebSocket servers have ws:// or wss:// URLs');
    expect((await api('GET', '/api/v1/servers/wsbad')).status).toBe(404);
  });

  it('edits profiles; the running one is reconciled and cannot be deleted', async () => {
    expect((await api('GET', '/api/v1/profiles')).status).toBe(200);
    expect(
      (await api('POST', '/api/v1/profiles', { body: { name: 'work', servers: ['echo'] } })).status,
    ).toBe(201);
    expect((await api('GET', '/api/v1/profiles/work')).body).toMatchObject({
      servers: ['echo'],
      running: false,
    });
    expect(
      (await api('POST', '/api/v1/profiles/work/servers', { body: { servers: ['crashy'] } })).status,
    ).toBe(200);
    expect((await api('DELETE', '/api/v1/profiles/work/servers/crashy')).status).toBe(200);
    const use = await api('POST', '/api/v1/profiles/work/use');
    expect((use.body as { note?: string }).note).toMatch(/keeps running "default"/);
    expect((await api('POST', '/api/v1/profiles/default/use')).status).toBe(200);
    expect((await api('DELETE', '/api/v1/profiles/default')).status).toBe(400);
    expect((await api('DELETE', '/api/v1/profiles/work')).status).toBe(200);
  });

  it('lists the inventory with namespaces and calls through the gateway', async () => {
    const tools = (await api('GET', '/api/v1/tools')).body as {
      name: string;
      server: string;
      originalName: string;
    }[];
    expect(tools).toContainEqual(
      expect.objectContaining({ name: 'echo__echo', server: 'echo', originalName: 'echo' }),
    );
    const resources = (await api('GET', '/api/v1/resources')).body as { server: string }[];
    expect(resources.some((r) => r.server === 'echo')).toBe(true);
    const prompts = (await api('GET', '/api/v1/prompts')).body as { name: string }[];
    expect(prompts.map((p) => p.name)).toContain('echo__repeat');
    const call = await api('POST', '/api/v1/tools/echo__echo/call', {
      body: { arguments: { text: 'contract' } },
    });
    expect((call.body as { result: { content: { text: string }[] } }).result.content[0]!.text).toBe(
      'contract',
    );
    const unknown = await api('POST', '/api/v1/tools/nope__x/call', { body: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: { code: 'MCP_ERROR', message: 'unknown tool: nope__x', details: { code: -32602 } },
    });
    const got = await api('POST', '/api/v1/prompts/echo__repeat/get', { body: { arguments: { text: 'x' } } });
    expect(got.status).toBe(200);
    const read = await api('POST', '/api/v1/resources/read', {
      body: { uri: 'mcp-platform://echo/echo://about' },
    });
    expect(read.status).toBe(200);
    // A client session held open shows in the session list, under its key's name.
    const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${admin}` } },
    });
    const client = new Client({ name: 'contract-client', version: '9.9' });
    await client.connect(transport);
    try {
      const sessions = (await api('GET', '/api/v1/sessions')).body as {
        client: { name: string } | null;
        key: string | null;
      }[];
      expect(sessions).toContainEqual(
        expect.objectContaining({ client: { name: 'contract-client', version: '9.9' }, key: 'admin' }),
      );
    } finally {
      await transport.terminateSession();
      await client.close();
    }
    const summary = (await api('GET', '/api/v1/metrics/summary?window=60&step=10')).body as {
      total: { calls: number };
    };
    expect(summary.total.calls).toBeGreaterThan(0);
  });

  it('browses the catalog, plans and installs (progress streamed) and uninstalls', async () => {
    const all = (await api('GET', '/api/v1/catalog')).body as { id: string }[];
    expect(all.length).toBeGreaterThan(5);
    expect((await api('GET', '/api/v1/catalog?q=memory')).body).toContainEqual(
      expect.objectContaining({ id: 'memory' }),
    );
    expect((await api('GET', '/api/v1/catalog/categories')).status).toBe(200);
    expect((await api('GET', '/api/v1/catalog/memory')).status).toBe(200);
    expect((await api('GET', '/api/v1/catalog/no-such-entry')).status).toBe(404);
    const plan = await api('POST', '/api/v1/install/plan', { body: { ref: 'memory' } });
    expect((plan.body as { dryRun: boolean }).dryRun).toBe(true);
    // A remote server: installed from its URL, verified (tools listed), progress streamed as NDJSON.
    const install = async (
      ref: string,
      name: string,
    ): Promise<{ type: string; report?: { tools: string[] } }[]> => {
      const res = await fetch(`${url}/api/v1/install?stream=1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ref, name }),
      });
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string });
      for (const l of lines)
        problems.push(...contract.check('POST', '/api/v1/install', 200, l, 'application/x-ndjson'));
      return lines;
    };
    const ok = await install(remote.url, 'fixture');
    expect(ok.some((l) => l.type === 'progress')).toBe(true);
    expect(ok.at(-1)).toMatchObject({ type: 'done', report: { tools: expect.arrayContaining(['echo']) } });
    const failed = await install('http://127.0.0.1:1/mcp', 'nowhere');
    expect(failed.at(-1)!.type).toBe('error');
    expect((await api('GET', '/api/v1/servers/nowhere/config')).status).toBe(404);
    expect((await api('GET', '/api/v1/servers/fixture/config')).status).toBe(200);
    const removed = await api('DELETE', '/api/v1/installs/fixture');
    expect((removed.body as { removed: string[] }).removed).toContain('config entry');
  });

  it('creates, lists and revokes keys; a key is shown once', async () => {
    const created = (await api('POST', '/api/v1/keys', { body: { name: 'ci', scopes: ['read'] } })).body as {
      key: string;
      id: string;
    };
    expect(created.key).toMatch(/^mcp_/);
    const list = (await api('GET', '/api/v1/keys')).body as { id: string }[];
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect((await api('GET', '/api/v1/status', { key: created.key })).status).toBe(200);
    expect((await api('DELETE', `/api/v1/keys/${created.id}`)).status).toBe(200);
    expect((await api('GET', '/api/v1/status', { key: created.key })).status).toBe(401);
  });

  it('renders, connects, tests and disconnects client configs', async () => {
    expect(
      ((await api('GET', '/api/v1/clients')).body as Array<{ client: string }>).map((c) => c.client),
    ).toEqual([...CLIENT_IDS]);
    const snippet = (await api('GET', '/api/v1/clients/cursor/snippet')).body as { snippet: string };
    expect(JSON.parse(snippet.snippet)).toMatchObject({
      mcpServers: { 'mcp-platform': { url: `${url}/mcp` } },
    });
    expect((await api('POST', '/api/v1/clients/cursor/snippet')).body).toMatchObject({
      snippet: expect.stringContaining('mcp_'),
    });
    const connected = (await api('POST', '/api/v1/clients/cursor/connect', { body: {} })).body as {
      file: string;
    };
    expect(connected.file).toBe(path.join(user, '.cursor', 'mcp.json'));
    const test = (await api('POST', '/api/v1/clients/cursor/test')).body as { ok: boolean; tools: number };
    expect(test).toMatchObject({ ok: true, via: 'http' });
    expect(test.tools).toBeGreaterThan(0);
    // A project-scope entry beside it, with a key of its own; disconnecting it leaves the user entry working.
    const project = path.join(user, 'work');
    const inProject = { scope: 'project', project };
    expect((await api('POST', '/api/v1/clients/cursor/connect', { body: inProject })).body).toMatchObject({
      scope: 'project',
      project,
      file: path.join(project, '.cursor', 'mcp.json'),
    });
    const rows = (await api('GET', '/api/v1/clients')).body as Array<{ client: string; scope: string }>;
    expect(rows.filter((r) => r.client === 'cursor').map((r) => r.scope)).toEqual(['user', 'project']);
    expect((await api('POST', '/api/v1/clients/cursor/test', { body: inProject })).body).toMatchObject({
      ok: true,
    });
    expect((await api('POST', '/api/v1/clients/cursor/disconnect', { body: inProject })).body).toMatchObject({
      scope: 'project',
      removed: true,
      revoked: true,
    });
    expect((await api('POST', '/api/v1/clients/cursor/test')).body).toMatchObject({ ok: true });
    expect((await api('POST', '/api/v1/clients/cursor/disconnect')).body).toMatchObject({ removed: true });
    expect(((await api('POST', '/api/v1/clients/cursor/test')).body as { ok: boolean }).ok).toBe(false);
    expect((await api('GET', '/api/v1/clients/nope/snippet')).status).toBe(400);
  });

  it('creates and lists backups', async () => {
    const b = (await api('POST', '/api/v1/backups', { body: {} })).body as { id: string };
    expect(((await api('GET', '/api/v1/backups')).body as { id: string }[]).map((x) => x.id)).toContain(b.id);
  });

  it('streams state changes as Server-Sent Events', async () => {
    const ac = new AbortController();
    const res = await fetch(`${url}/api/v1/events?types=server.state`, {
      headers: { authorization: `Bearer ${reader}` },
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader_ = res.body!.getReader();
    await api('POST', '/api/v1/servers/echo/restart');
    let text = '';
    while (!/event: server\.state\ndata: (.*)\n/.test(text))
      text += new TextDecoder().decode((await reader_.read()).value);
    ac.abort();
    const event = JSON.parse(/event: server\.state\ndata: (.*)\n/.exec(text)![1]!) as unknown;
    expect(event).toMatchObject({ type: 'server.state', data: { name: 'echo' } });
    problems.push(...contract.check('GET', '/api/v1/events', 200, event, 'text/event-stream'));
  });

  it('answers errors in one shape, enforces scopes, and needs CSRF tokens with cookie logins', async () => {
    expect((await api('GET', '/api/v1/status', { key: null })).status).toBe(401);
    expect((await api('GET', '/api/v1/status', { key: 'mcp_wrong' })).status).toBe(401);
    expect((await api('POST', '/api/v1/servers/echo/stop', { key: reader })).status).toBe(403);
    expect((await api('GET', '/api/v1/nothing-here')).status).toBe(404);
    expect((await api('POST', '/api/v1/auth/login', { key: null, body: { key: 'mcp_wrong' } })).status).toBe(
      401,
    );
    const login = await api('POST', '/api/v1/auth/login', { key: null, body: { key: reader } });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-mcp_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure/);
    const jar = { cookie: cookie.split(';')[0]! };
    const session = (await api('GET', '/api/v1/auth/session', { key: null, headers: jar })).body as {
      csrfToken: string;
    };
    expect(session).toMatchObject({ authenticated: true, via: 'session', scopes: ['read'] });
    expect((await api('GET', '/api/v1/servers', { key: null, headers: jar })).status).toBe(200);
    // A read key's cookie cannot change anything; without the CSRF token nothing gets that far.
    expect((await api('POST', '/api/v1/backups', { key: null, headers: jar, body: {} })).status).toBe(403);
    const adminLogin = await api('POST', '/api/v1/auth/login', { key: null, body: { key: admin } });
    const adminJar = { cookie: adminLogin.headers.get('set-cookie')!.split(';')[0]! };
    const csrf = (adminLogin.body as { csrfToken: string }).csrfToken;
    const noToken = await api('POST', '/api/v1/backups', { key: null, headers: adminJar, body: {} });
    expect((noToken.body as { error: { code: string } }).error.code).toBe('CSRF');
    const foreign = await api('POST', '/api/v1/backups', {
      key: null,
      headers: { ...adminJar, 'x-csrf-token': csrf, origin: 'http://localhost:9999' },
      body: {},
    });
    expect(foreign.status).toBe(403);
    const withToken = await api('POST', '/api/v1/backups', {
      key: null,
      headers: { ...adminJar, 'x-csrf-token': csrf, origin: url },
      body: {},
    });
    expect(withToken.status).toBe(201);
    expect(
      (
        await api('POST', '/api/v1/auth/logout', {
          key: null,
          headers: { ...adminJar, 'x-csrf-token': csrf },
        })
      ).status,
    ).toBe(200);
    expect((await api('GET', '/api/v1/servers', { key: null, headers: adminJar })).status).toBe(401);
    expect((await api('POST', '/api/v1/reload')).status).toBe(200);
  });

  it('validated every answer, and exercised every documented operation', () => {
    expect(problems).toEqual([]);
    const documented = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    const missing = documented.filter(
      (op) => !contract.exercised.has(op) && op !== 'get /api/v1/openapi.json',
    );
    expect(missing).toEqual([]);
  });
});

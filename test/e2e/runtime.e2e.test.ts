/**
 * The runtime commands end to end: the built CLI runs the platform with real server processes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startEverything } from '../fixtures/remote/processes.js';

import { BIN, ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'servers');

interface Status {
  platform: { running: boolean; pid: number | null };
  health: string;
  servers: {
    name: string;
    state: string;
    pid: number | null;
    restarts: number;
    tools: number | null;
    uptimeMs: number | null;
    lastError: { message: string } | null;
  }[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mcp up / status / health / down', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
  });
  afterEach(async () => {
    await runCli(['down'], { home });
  });

  it('runs the profile in the background, reports status and health, controls servers, and stops cleanly', async () => {
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    const { pid } = up.json<{ pid: number }>();
    expect(alive(pid)).toBe(true);

    const st = (await runCli(['status', '--json'], { home })).json<Status>();
    expect(st.platform).toMatchObject({ running: true, pid });
    expect(st.health).toBe('ok');
    const echo = st.servers.find((s) => s.name === 'echo')!;
    expect(echo).toMatchObject({ state: 'running', restarts: 0, tools: 2 });
    expect(alive(echo.pid!)).toBe(true);

    expect((await runCli(['health'], { home })).code).toBe(0);
    const metrics = (await runCli(['transport', 'metrics', '--json'], { home })).json<
      Record<string, number | string>[]
    >();
    expect(metrics[0]).toMatchObject({ server: 'echo', transport: 'stdio' });
    expect(metrics[0]!.messagesIn).toBeGreaterThanOrEqual(2);
    expect(metrics[0]!.bytesOut).toBeGreaterThan(0);

    const again = await runCli(['up', '--detach', '--port', '0'], { home });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already runs');

    const restart = await runCli(['server', 'restart', 'echo', '--json'], { home });
    expect(restart.code, restart.stderr).toBe(0);
    const after = (await runCli(['status', '--json'], { home })).json<Status>().servers[0]!;
    expect(after.state).toBe('running');
    expect(after.pid).not.toBe(echo.pid);
    expect(alive(echo.pid!)).toBe(false);

    const logs = await runCli(['server', 'logs', 'echo', '-n', '50', '--json'], { home });
    expect(logs.json<{ lines: string[] }>().lines.some((l) => l.includes(`started pid ${after.pid}`))).toBe(
      true,
    );

    const stop = await runCli(['server', 'stop', 'echo', '--json'], { home });
    expect(stop.json()).toMatchObject({ state: 'stopped' });
    expect(alive(after.pid!)).toBe(false);

    const down = await runCli(['down', '--json'], { home });
    expect(down.json()).toMatchObject({ stopped: true, pid });
    expect(alive(pid)).toBe(false);
    await expect(fs.stat(path.join(home, 'run', 'platform.json'))).rejects.toThrow();
    const stopped = (await runCli(['status', '--json'], { home })).json<Status>();
    expect(stopped.platform.running).toBe(false);
    expect(stopped.servers[0]!.state).toBe('stopped');
    expect((await runCli(['health'], { home })).code).toBe(1);
  });

  it('reports a crashing server as unhealthy (exit 1) while the others keep running', async () => {
    await runCli(
      ['server', 'add', 'broken', '--', process.execPath, path.join(FIXTURES, 'crash-on-start.mjs')],
      { home },
    );
    const up = await runCli(['up', '--detach', '--port', '0'], { home });
    expect(up.code, up.stderr).toBe(0);
    const health = await runCli(['health', '--json'], { home });
    expect(health.code).toBe(1);
    const h = health.json<{ status: string; servers: Status['servers'] }>();
    expect(h.status).toBe('degraded');
    expect(h.servers.find((s) => s.name === 'echo')!.state).toBe('running');
    const broken = h.servers.find((s) => s.name === 'broken')!;
    expect(['backoff', 'crash-loop', 'starting']).toContain(broken.state);
    expect((await runCli(['health', 'echo'], { home })).code).toBe(0);
  });

  it('replaces a stale run file left by a crashed platform', async () => {
    await fs.mkdir(path.join(home, 'run'), { recursive: true });
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    await fs.writeFile(
      path.join(home, 'run', 'platform.json'),
      JSON.stringify({
        pid: dead.pid,
        host: '127.0.0.1',
        port: 1,
        startedAt: 'x',
        profile: 'default',
        version: '0',
      }),
    );
    const st = await runCli(['status', '--json'], { home });
    expect(st.json<Status>().platform.running).toBe(false);
    const up = await runCli(['up', '--detach', '--port', '0'], { home });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('stale run file');
  });

  it('leaves no orphaned server processes when the platform is killed with SIGKILL', async () => {
    await runCli(
      ['server', 'add', 'stubborn', '--', process.execPath, path.join(FIXTURES, 'ignore-sigterm.mjs')],
      { home },
    );
    const platform = spawn(process.execPath, [BIN, 'up', '--port', '0'], {
      env: { ...process.env, MCP_HOME: home },
      stdio: 'ignore',
    });
    const pids = await waitFor(async () => {
      const res = await runCli(['status', '--json'], { home });
      if (res.code !== 0) return undefined;
      const st = res.json<Status>();
      const running = st.servers.filter((s) => s.state === 'running' && s.pid);
      return st.platform.running && running.length === 2 ? running.map((s) => s.pid!) : undefined;
    });
    platform.kill('SIGKILL');
    await new Promise((r) => platform.on('exit', r));
    await waitFor(async () => (pids.every((p) => !alive(p)) ? true : undefined), 15_000);
    expect(pids.filter(alive)).toEqual([]);
  });
});

describe('mcp transport', () => {
  it('tests a stdio server directly and lists transports', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    await runCli(['server', 'add', 'docs', '--url', 'http://127.0.0.1:9/mcp', '--transport', 'sse'], {
      home,
    });
    await runCli(['server', 'add', 'sock', '--url', 'unix:///tmp/none.sock'], { home });
    await runCli(['server', 'add', 'auto', '--url', 'http://127.0.0.1:9/mcp'], { home });
    await runCli(['server', 'add', 'ws', '--url', 'ws://127.0.0.1:9/mcp'], { home });
    const res = await runCli(['transport', 'test', 'echo', '--json'], { home });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({
      ok: true,
      transport: 'stdio',
      tools: ['echo', 'reverse'],
      serverInfo: { name: 'echo-mcp' },
    });
    const bad = await runCli(['transport', 'test', 'docs', '--json', '--timeout', '3000'], { home });
    expect(bad.code).toBe(1);
    expect(bad.json()).toMatchObject({ ok: false, transport: 'sse' });
    const list = await runCli(['transport', 'list', '--json'], { home });
    expect(list.json()).toEqual(
      expect.arrayContaining([
        { transport: 'stdio', servers: ['echo'] },
        { transport: 'sse', servers: ['docs'] },
        { transport: 'unix', servers: ['sock'] },
        { transport: 'streamable-http', servers: ['auto (auto)'] },
        { transport: 'websocket', servers: ['ws'] },
      ]),
    );
  });
});

describe('mcp transport list with a running platform', () => {
  it('lists an auto server under the transport it fell back to (legacy SSE)', async () => {
    const sse = await startEverything('sse');
    const home = await tempHome();
    try {
      await runCli(['server', 'add', 'legacy', '--url', `http://127.0.0.1:${sse.port}/sse`], { home });
      const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
      expect(up.code, up.stderr).toBe(0);
      await waitFor(async () => {
        const st = (await runCli(['status', '--json'], { home })).json<Status>();
        return st.servers.some((s) => s.name === 'legacy' && s.state === 'running') ? true : undefined;
      });
      const list = (await runCli(['transport', 'list', '--json'], { home })).json<
        { transport: string; servers: string[] }[]
      >();
      expect(list.find((r) => r.transport === 'sse')?.servers).toEqual(['legacy (auto)']);
      expect(list.find((r) => r.transport === 'streamable-http')?.servers).toEqual([]);
    } finally {
      await runCli(['down'], { home });
      await sse.stop();
    }
  }, 60_000);
});

describe('local API security', () => {
  it('needs the control token or a key with the right scope, and refuses foreign Host and Origin', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const readKey = (
      await runCli(['key', 'create', '--name', 'dash', '--scope', 'read', '--json'], { home })
    ).json<{ key: string }>().key;
    const mcpKey = (await runCli(['key', 'create', '--name', 'cursor', '--json'], { home })).json<{
      key: string;
    }>().key;
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    const { url } = up.json<{ url: string }>();
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/v1/status`)).status).toBe(401);
      // A valid key without the scope is known but not allowed: 403, not 401.
      expect(
        (await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${mcpKey}` } })).status,
      ).toBe(403);
      const ok = await fetch(`${url}/api/v1/status`, { headers: { 'x-api-key': readKey } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { servers: unknown[] }).servers).toHaveLength(1);
      const write = await fetch(`${url}/api/v1/servers/echo/restart`, {
        method: 'POST',
        headers: { authorization: `Bearer ${readKey}` },
      });
      expect(write.status).toBe(403);
      const token = (await fs.readFile(path.join(home, 'run', 'control.token'), 'utf8')).trim();
      const origin = await fetch(`${url}/api/v1/status`, {
        headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' },
      });
      expect(origin.status).toBe(403);
      const { request } = await import('node:http');
      const hostStatus = await new Promise<number>((resolve, reject) => {
        const req = request(`${url}/health`, { headers: { host: 'evil.example' } }, (res) =>
          resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end();
      });
      expect(hostStatus).toBe(403);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${readKey}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('mcp_upstream_state{server="echo",state="running"} 1');
      const err = await fetch(`${url}/api/v1/servers/nope`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(err.status).toBe(404);
      expect(await err.json()).toMatchObject({ error: { code: 'SERVER_NOT_FOUND' } });
    } finally {
      await runCli(['down'], { home });
    }
  });
});

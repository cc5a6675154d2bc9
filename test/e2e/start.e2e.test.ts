/**
 * The README's first command: `npm start` (scripts/start.mjs after the build) creates a home with the
 * example servers and a dashboard key shown once, runs the platform, and prints the dashboard URL; the key
 * logs in and the dashboard is served.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT, tempHome } from './cli-harness.js';

describe('npm start', () => {
  it('starts the examples with the dashboard, printing its URL and a login key', async () => {
    const home = await tempHome();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--port', '0'], {
      env: { ...process.env, MCP_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!/dashboard: (http:\/\/\S+\/)/.test(out) || !/profile "default" started/.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no dashboard URL:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /dashboard: (http:\/\/\S+)\//.exec(out)![1]!;
      const key = /Dashboard login key \(shown only now, keep it\): (mcp_\S+)/.exec(out)![1]!;
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<div id="app">');
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const servers = (await (await fetch(`${url}/api/v1/servers`, { headers: { cookie } })).json()) as {
        name: string;
      }[];
      expect(servers.map((s) => s.name).sort()).toEqual(['echo', 'todo', 'weather']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 90_000);
});

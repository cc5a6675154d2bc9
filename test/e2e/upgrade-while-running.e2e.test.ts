/**
 * The package replaced under a running platform (an `npm install -g` upgrade, or `npm run build` in a
 * checkout): modules the platform loads on first use are then gone. A copy of the built package runs the
 * platform; its bundle is moved away while it runs, as an upgrade removes it. The REST API answers 503 with
 * what to do instead of a bare 500, and the probes go on answering.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

let copy: string | undefined;
let home: string | undefined;

afterAll(async () => {
  if (home) await runCli(['down'], { home });
  if (copy) await fs.rm(copy, { recursive: true, force: true });
});

/** Runs the copy's `mcp` and returns its stdout (rejects on a non-zero exit). */
function runCopy(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
    child.stdin.end();
  });
}

describe('program files replaced under a running platform', () => {
  it('answers the REST API with 503 RESTART_REQUIRED and a hint; the probes still answer', async () => {
    copy = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-package-'));
    for (const part of [
      'bin',
      'package.json',
      'schema',
      'registry',
      'templates',
      path.join('dist', 'bundle'),
    ])
      await fs.cp(path.join(ROOT, part), path.join(copy, part), { recursive: true });
    await fs.symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    home = await tempHome();
    const bin = path.join(copy, 'bin', 'mcp.js');
    const env = { MCP_HOME: home, NO_COLOR: '1' };
    const up = JSON.parse(await runCopy(bin, ['up', '--detach', '--port', '0', '--json'], env)) as {
      url: string;
    };
    const token = (await fs.readFile(path.join(home, 'run', 'control.token'), 'utf8')).trim();
    const get = (p: string): Promise<Response> =>
      fetch(`${up.url}${p}`, { headers: { authorization: `Bearer ${token}` } });

    // The upgrade: the files of the running version disappear.
    await fs.rename(path.join(copy, 'dist', 'bundle'), path.join(copy, 'dist', 'bundle-old'));

    const res = await get('/api/v1/servers');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string; hint: string } };
    expect(body.error.code).toBe('RESTART_REQUIRED');
    expect(body.error.message).toMatch(/program files changed since it started/);
    expect(body.error.hint).toContain('mcp down');
    expect((await get('/health')).status).toBe(200);
    expect((await get('/ready')).status).toBe(200);

    const log = await fs.readFile(path.join(home, 'logs', 'platform.log'), 'utf8');
    expect(log).toContain('program files changed since the platform started');
  }, 60_000);
});

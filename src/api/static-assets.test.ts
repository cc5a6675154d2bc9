import fs from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DASHBOARD_CSP, StaticAssets } from './static-assets.js';

describe('static dashboard assets', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'assets-'));
    const dir = path.join(root, 'site');
    await fs.mkdir(dir);
    await fs.mkdir(path.join(dir, 'assets'));
    await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    await fs.writeFile(
      path.join(dir, 'assets', 'app-abc123.js'),
      `console.log(${JSON.stringify('x'.repeat(4000))})`,
    );
    await fs.writeFile(path.join(dir, '..', 'secret.txt'), 'no');
    const assets = new StaticAssets(dir);
    server = createServer((req, res) => {
      void assets.serve(req, res, new URL(req.url!, 'http://x').pathname).then((ok) => {
        if (!ok) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves index.html with the CSP and revalidation, and hashed assets as immutable and gzipped', async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${base}/`, { headers: { 'if-none-match': index.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const js = await fetch(`${base}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect((await js.text()).length).toBeGreaterThan(4000);
  });

  it('falls back to the app for client routes, not for missing files or paths outside', async () => {
    const route = await fetch(`${base}/servers/echo`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>x</title>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/nope.css`)).status).toBe(404);
    // A raw path that decodes to ../ (fetch would normalise it away first).
    const { get } = await import('node:http');
    const status = await new Promise<number>((resolve) =>
      get(`${base}/..%2fsecret.txt`, (res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(404);
  });
});

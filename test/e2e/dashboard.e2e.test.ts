/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against a platform started
 * from the built CLI. Logs in (a `__Host-` cookie over http://127.0.0.1), sees the servers, stops and starts
 * one, calls a tool from the explorer, installs a catalog entry (a remote fixture server on loopback, so no
 * network is needed) with its secret variable, copies a client config from the clipboard, and sees the
 * error state of a server that exits at once. Screenshots go to reports/screenshots/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHttpFixture, type HttpFixture } from '../fixtures/remote/http-fixture.js';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const CRASH = path.join(ROOT, 'test', 'fixtures', 'servers', 'crash-on-start.mjs');
const SHOTS = path.join(ROOT, 'reports', 'screenshots');

function findChromium(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn('dashboard browser tests skipped: chromium is not installed (apt-get install -y chromium)');
}

/** A catalog entry (as `mcp catalog sync` would cache it) for a remote server that needs a secret header. */
function fixtureEntry(url: string): Record<string, unknown> {
  return {
    name: 'dev.test/fixture-remote',
    title: 'Fixture remote',
    description: 'A remote MCP server on loopback that needs a token header.',
    version: '1.0.0',
    remotes: [
      {
        type: 'streamable-http',
        url,
        headers: [{ name: 'x-fixture-token', isRequired: true, isSecret: true, description: 'The token' }],
      },
    ],
    _meta: { 'dev.mcp-platform/catalog': { id: 'fixture-remote', category: 'testing', tags: ['fixture'] } },
  };
}

describe.skipIf(!CHROMIUM)('dashboard in Chromium', () => {
  let home: string;
  let url: string;
  let admin: string;
  let remote: HttpFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  const shot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const api = async <T>(p: string): Promise<T> =>
    (await (await fetch(url + p, { headers: { authorization: `Bearer ${admin}` } })).json()) as T;

  beforeAll(async () => {
    await fs.mkdir(SHOTS, { recursive: true });
    home = await tempHome();
    const user = await tempHome('mcp-user-');
    const env = { HOME: user, XDG_CONFIG_HOME: path.join(user, '.config'), APPDATA: '', CODEX_HOME: '' };
    remote = await startHttpFixture({ requireHeaders: { 'x-fixture-token': 'sesame' } });
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home, env });
    await runCli(['server', 'add', 'crashy', '--', process.execPath, CRASH], { home, env });
    await fs.mkdir(path.join(home, 'cache'), { recursive: true });
    await fs.writeFile(
      path.join(home, 'cache', 'registry.json'),
      JSON.stringify({
        baseUrl: 'http://registry.invalid',
        syncedAt: new Date().toISOString(),
        servers: [fixtureEntry(remote.url)],
      }),
    );
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home, env });
    expect(up.code, up.stderr).toBe(0);
    url = up.json<{ url: string }>().url;
    admin = (
      await runCli(['key', 'create', '--name', 'dashboard', '--scope', 'admin', '--json'], { home })
    ).json<{
      key: string;
    }>().key;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await runCli(['down'], { home });
    await remote?.close();
  });

  it('serves the app fast with a strict CSP, and logs in with a key into a __Host- HttpOnly cookie', async () => {
    const res = await page.goto(`${url}/`);
    const csp = res!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page.waitForSelector('#login-key');
    // Evaluated in the page (strings: this file is compiled without the DOM library).
    const paint = await page.evaluate<number | undefined>(
      "performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime",
    );
    expect(paint).toBeDefined();
    expect(paint!).toBeLessThan(1000);
    await shot('01-login');
    await page.fill('#login-key', 'mcp_not-a-key');
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-box');
    await page.fill('#login-key', admin);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Servers running');
    const cookie = (await context.cookies(url)).find((c) => c.name.includes('mcp_session'))!;
    // Chromium treats http://127.0.0.1 as a secure context and keeps the Secure __Host- cookie.
    expect(cookie).toMatchObject({
      name: '__Host-mcp_session',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('mcp_session');
  });

  it('shows every server on the overview, live', async () => {
    await page.waitForSelector('tr[data-server="echo"] .badge.ok');
    await page.waitForSelector('tr[data-server="crashy"]');
    expect(await page.textContent('tr[data-server="echo"]')).toContain('running');
    await page.waitForSelector('text=live');
    await shot('02-overview');
  });

  it('stops and starts a server from the Servers page', async () => {
    await page.click('nav >> text=Servers');
    await page.waitForSelector('tr[data-server="echo"] .badge.ok');
    await page.click('button[aria-label="Stop echo"] >> nth=0');
    await page.waitForSelector('tr[data-server="echo"] >> text=stopped');
    expect((await api<{ state: string }>('/api/v1/servers/echo')).state).toBe('stopped');
    await shot('03-server-stopped');
    await page.click('button[aria-label="Start echo"] >> nth=0');
    await page.waitForSelector('tr[data-server="echo"] .badge.ok');
    expect((await api<{ state: string }>('/api/v1/servers/echo')).state).toBe('running');
  });

  it('shows the error state of a server that exits at once', async () => {
    await page.click('tr[data-server="crashy"] a');
    const error = await page.waitForSelector('[data-testid="server-error"]');
    expect(await error.textContent()).toMatch(/exited with code 3/);
    await page.waitForSelector('[data-testid="log"] >> text=cannot open database');
    // Between its restarts the server is briefly `starting` again: wait for the error state to show.
    await page.locator('tr[data-server="crashy"] .badge', { hasText: /backoff|crash-loop|failed/ }).waitFor();
    expect(await page.textContent('tr[data-server="crashy"] .badge')).toMatch(/backoff|crash-loop|failed/);
    await shot('04-server-error');
  });

  it('calls a tool from the explorer, through the gateway', async () => {
    const before = (await api<{ total: { calls: number } }>('/api/v1/metrics/summary?window=600&step=60'))
      .total.calls;
    await page.click('nav >> text=Tool explorer');
    await page.click('.list >> text=echo__echo');
    await page.fill('#arg-text', 'hello from the browser');
    await page.click('button:has-text("Call tool")');
    const result = await page.waitForSelector('[data-testid="tool-result"]');
    expect(await result.textContent()).toContain('hello from the browser');
    const after = (await api<{ total: { calls: number } }>('/api/v1/metrics/summary?window=600&step=60'))
      .total.calls;
    expect(after).toBeGreaterThan(before); // the gateway counted the call
    await shot('05-tool-call');
  });

  it('installs a catalog entry with its secret variable and live progress', async () => {
    await page.click('nav >> text=Catalog');
    await page.fill('#catalog-q', 'fixture');
    await page.click('button:has-text("Search")');
    await page.click('button[aria-label="Install fixture-remote"]');
    await page.waitForSelector('#var-x-fixture-token');
    expect(await page.getAttribute('#var-x-fixture-token', 'type')).toBe('password');
    await page.fill('#var-x-fixture-token', 'sesame');
    await page.click('section[aria-label^="Install"] button[type=submit]');
    await page.waitForSelector('[data-testid="install-progress"]');
    const done = await page.waitForSelector('[data-testid="install-done"]', { timeout: 60_000 });
    expect(await done.textContent()).toContain('echo');
    await shot('06-installed');
    const status = await api<{ state: string }>('/api/v1/servers/fixture-remote');
    expect(status.state).toMatch(/running|connecting|starting/);
    const config = await fs.readFile(path.join(home, 'config.yaml'), 'utf8');
    expect(config).toContain('fixture-remote');
    expect(config).not.toContain('sesame'); // the secret went to the secret store
  });

  it('copies a client config to the clipboard, connects and tests the client', async () => {
    await page.click('nav >> text=Clients');
    const cursor = page.locator('[data-client="cursor"]');
    await cursor.locator('button:has-text("Copy config")').click();
    await cursor.locator('button:has-text("Copied")').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(JSON.parse(copied)).toMatchObject({ mcpServers: { 'mcp-platform': { url: `${url}/mcp` } } });
    await cursor.locator('button:has-text("Connect")').first().click();
    await cursor.locator('.ok-box').waitFor();
    await cursor.locator('button:has-text("Test connection")').click();
    await cursor.locator('text=Connected over http').waitFor();
    await shot('07-clients');
  });

  it('sends a request from the API explorer, and logs out', async () => {
    await page.click('nav >> text=API explorer');
    await page.click('.list button:has-text("/api/v1/status")');
    await page.click('button:has-text("Send")');
    const answer = await page.waitForSelector('[data-testid="api-answer"]');
    expect(await answer.textContent()).toContain('"servers"');
    await shot('08-api-explorer');
    await page.click('button:has-text("Log out")');
    await page.waitForSelector('#login-key');
    expect((await fetch(`${url}/api/v1/servers`, { headers: { cookie: '' } })).status).toBe(401);
  });

  it('met no CSP violation and no page error', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

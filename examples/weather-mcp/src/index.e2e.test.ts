/**
 * Runs the built server (dist/index.js) as a real child process, over stdio and over HTTP, with
 * WEATHER_*_URL pointing at the local Open-Meteo fixture (the real API is not reachable from the
 * test environment). The build is refreshed first when a source file is newer than dist.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startOpenMeteoFixture, type OpenMeteoFixture } from '../test/open-meteo-fixture.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Builds with tsc unless dist/index.js is newer than every source file. */
function ensureBuilt(): void {
  const srcDir = fileURLToPath(new URL('.', import.meta.url));
  const newestSource = Math.max(
    ...readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => statSync(`${srcDir}/${f}`).mtimeMs),
  );
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
}

/** Starts `node dist/index.js --http --port 0` and waits for the URL it logs on stderr. */
function startHttpChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, [entry, '--http', '--port', '0'], {
    env: { ...getDefaultEnvironment(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (\S+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: new URL(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('built weather-mcp', () => {
  let fixture: OpenMeteoFixture;
  let env: Record<string, string>;

  beforeAll(() => ensureBuilt(), 120_000);

  beforeEach(async () => {
    fixture = await startOpenMeteoFixture();
    env = {
      WEATHER_GEOCODING_URL: fixture.url,
      WEATHER_FORECAST_URL: fixture.url,
      WEATHER_RETRIES: '2',
      WEATHER_TIMEOUT_MS: '2000',
    };
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('answers over stdio using the configured base URLs, and exits when stdin closes', async () => {
    fixture.failNext('/v1/search', 503);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      env: { ...getDefaultEnvironment(), ...env },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'e2e', version: '0.0.0' });
    await client.connect(transport);
    const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin', days: 1 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ place: { countryCode: 'DE' } });
    expect(fixture.count('/v1/search')).toBe(2); // one 503, one retry

    const unknown = await client.callTool({ name: 'get_weather', arguments: { place: 'Atlantis' } });
    expect(unknown.isError).toBe(true);

    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('serves Streamable HTTP, sharing one cache across sessions', async () => {
    const { child, url } = await startHttpChild(env);
    try {
      for (const name of ['a', 'b']) {
        const client = new Client({ name, version: '0.0.0' });
        await client.connect(new StreamableHTTPClientTransport(url));
        const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin' } });
        expect(result.isError).toBeFalsy();
        await client.close();
      }
      expect(fixture.requests).toHaveLength(2); // the second session hit the cache
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitCode(child)).toBe(0);
  });

  it('exits with 2 on a malformed WEATHER_* variable', async () => {
    const child = spawn(process.execPath, [entry], {
      env: { ...getDefaultEnvironment(), WEATHER_TIMEOUT_MS: 'soon' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain('WEATHER_TIMEOUT_MS');
  });
});

/**
 * Runs the built server (dist/index.js) as a real child process, over stdio and over HTTP.
 * The build is refreshed first when any source file is newer than dist.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { beforeAll, describe, expect, it } from 'vitest';

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
function startHttpChild(): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, [entry, '--http', '--port', '0'], {
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

describe('built echo-mcp', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('speaks MCP over stdio and exits when the client disconnects', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      env: getDefaultEnvironment(),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'e2e', version: '0.0.0' });
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('echo-mcp');
    const result = await client.callTool({ name: 'reverse', arguments: { text: 'stdio' } });
    expect(result.structuredContent).toEqual({ reversed: 'oidts' });
    // close() ends the child's stdin and only sends SIGTERM after 2 s; a quick close means the
    // server shut itself down when stdin ended.
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('serves Streamable HTTP with --http and stops cleanly on SIGTERM', async () => {
    const { child, url } = await startHttpChild();
    try {
      expect(url.hostname).toBe('127.0.0.1');
      const client = new Client({ name: 'e2e', version: '0.0.0' });
      await client.connect(new StreamableHTTPClientTransport(url));
      const result = await client.callTool({ name: 'echo', arguments: { text: 'http' } });
      expect(result.content).toEqual([{ type: 'text', text: 'http' }]);
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitCode(child)).toBe(0);
  });

  it('exits with 2 and prints usage on a bad flag', async () => {
    const child = spawn(process.execPath, [entry, '--nope'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain('Usage: echo-mcp');
  });
});

/**
 * The platform runs the official reference servers from npm (server-everything over stdio and over
 * Streamable HTTP and SSE as remote servers, server-memory, server-filesystem) through the built CLI.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEverything, type ServerProcess } from '../fixtures/remote/processes.js';

import { runCli, tempHome } from './cli-harness.js';

const require = createRequire(import.meta.url);
const entry = (pkg: string): string => require.resolve(`@modelcontextprotocol/${pkg}/dist/index.js`);

interface Status {
  health: string;
  servers: { name: string; state: string; transport: string; tools: number | null; pid: number | null }[];
}

describe('reference MCP servers under the platform', () => {
  let home: string;
  let http: ServerProcess;
  let sse: ServerProcess;
  let files: string;

  beforeAll(async () => {
    [http, sse] = await Promise.all([startEverything('streamableHttp'), startEverything('sse')]);
    home = await tempHome();
    files = await fs.mkdtemp(path.join(home, 'files-'));
    await fs.writeFile(path.join(files, 'hello.txt'), 'hello from the filesystem server');
    const add = async (args: string[]): Promise<void> => {
      const r = await runCli(['server', 'add', ...args], { home });
      expect(r.code, r.stderr).toBe(0);
    };
    await add(['everything', '--', process.execPath, entry('server-everything'), 'stdio']);
    await add([
      'memory',
      '--env',
      `MEMORY_FILE_PATH=${path.join(home, 'memory.jsonl')}`,
      '--',
      process.execPath,
      entry('server-memory'),
    ]);
    await add(['files', '--', process.execPath, entry('server-filesystem'), files]);
    await add(['everything-http', '--url', `http://127.0.0.1:${http.port}/mcp`]);
    await add(['everything-sse', '--url', `http://127.0.0.1:${sse.port}/sse`, '--transport', 'sse']);
  });

  afterAll(async () => {
    await runCli(['down'], { home });
    await Promise.all([http?.stop(), sse?.stop()]);
  });

  it('transport test reaches each of them directly', async () => {
    const results = await Promise.all(
      ['everything', 'memory', 'files', 'everything-http', 'everything-sse'].map(async (name) => {
        const r = await runCli(['transport', 'test', name, '--json'], { home });
        return { name, code: r.code, ...r.json<{ ok: boolean; transport: string; tools: string[] }>() };
      }),
    );
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    for (const r of results) expect(r, JSON.stringify(r)).toMatchObject({ code: 0, ok: true });
    expect(by.memory!.tools).toContain('create_entities');
    expect(by.files!.tools).toContain('read_text_file');
    expect(by.everything!.tools).toContain('echo');
    expect(by['everything-http']!.transport).toBe('streamable-http');
    expect(by['everything-sse']!.transport).toBe('sse');
  });

  it('mcp up runs all five and reports them running with their tool counts', async () => {
    const up = await runCli(['up', '--detach', '--port', '0'], { home });
    expect(up.code, up.stderr).toBe(0);
    const st = (await runCli(['status', '--json'], { home })).json<Status>();
    expect(st.health).toBe('ok');
    const by = Object.fromEntries(st.servers.map((s) => [s.name, s]));
    expect(Object.keys(by).sort()).toEqual([
      'everything',
      'everything-http',
      'everything-sse',
      'files',
      'memory',
    ]);
    for (const s of st.servers) {
      expect(s.state, s.name).toBe('running');
      expect(s.tools, s.name).toBeGreaterThan(0);
    }
    expect(by['everything-http']!.transport).toBe('streamable-http');
    expect(by['everything-sse']!.transport).toBe('sse');
    expect(by.memory!.pid).toBeGreaterThan(0);
  });
});

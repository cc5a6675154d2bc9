/**
 * `mcp install` as a user runs it: a real install from the npm registry (reachable from test machines),
 * verified by listing the server's tools; a package that does not exist leaves config.yaml and MCP_HOME
 * exactly as before; a remote URL; uninstall; a catalog entry's plan. PyPI, GitHub and the other ecosystems
 * cannot be reached from test machines: their plans are tested in src/install.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEverything, type ServerProcess } from '../fixtures/remote/processes.js';

import { runCli, snapshot, tempHome } from './cli-harness.js';

let everything: ServerProcess;
beforeAll(async () => {
  everything = await startEverything('streamableHttp');
}, 60_000);
afterAll(async () => {
  await everything?.stop();
});

describe('mcp install', () => {
  it('installs an npm package, verifies it, adds it to the profile, and uninstalls it', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    const r = await runCli(['install', 'npm:@modelcontextprotocol/server-memory', '--yes', '--json'], {
      home,
    });
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{ name: string; tools: string[]; server: { command: string; args: string[] } }>();
    expect(report.name).toBe('memory');
    expect(report.tools).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    expect(report.server.command).toBe(process.execPath);
    expect(report.server.args[0]).toContain(
      path.join(home, 'packages', 'memory', 'node_modules', '@modelcontextprotocol', 'server-memory'),
    );
    const profile = (await runCli(['profile', 'show', 'default', '--json'], { home })).json<{
      servers: string[];
    }>();
    expect(profile.servers).toContain('memory');
    const tested = (await runCli(['transport', 'test', 'memory', '--json'], { home })).json<{
      ok: boolean;
      tools: string[];
    }>();
    expect(tested).toMatchObject({ ok: true, tools: expect.arrayContaining(['search_nodes']) });

    const docker = (await runCli(['docker', 'render', 'memory', '--json'], { home })).json<{
      template: string;
      dockerfile: string;
    }>();
    expect(docker.template).toBe('node');
    expect(docker.dockerfile).toContain(
      'RUN npm install --omit=dev --no-audit --no-fund @modelcontextprotocol/server-memory@',
    );
    expect(docker.dockerfile).toContain(
      'CMD ["node", "/app/node_modules/@modelcontextprotocol/server-memory/dist/index.js"]',
    );

    const gone = await runCli(['uninstall', 'memory', '--json'], { home });
    expect(gone.code, gone.stderr).toBe(0);
    expect((await runCli(['server', 'list', '--json'], { home })).json()).toEqual([]);
    expect(readdirSync(path.join(home, 'packages'))).toEqual([]);
  }, 120_000);

  it('lists an older install as outdated and updates it after verifying the new version', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    const old = await runCli(
      ['install', 'npm:@modelcontextprotocol/server-memory@2025.8.4', '--yes', '--json'],
      { home },
    );
    expect(old.code, old.stderr).toBe(0);
    const rows = (await runCli(['outdated', '--json'], { home })).json<
      Array<{ name: string; current: string; latest: string; outdated: boolean }>
    >();
    expect(rows).toEqual([expect.objectContaining({ name: 'memory', current: '2025.8.4', outdated: true })]);
    const latest = rows[0]!.latest;
    const updated = await runCli(['update', 'memory', '--json'], { home });
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.json()).toEqual([
      expect.objectContaining({ name: 'memory', from: '2025.8.4', to: latest }),
    ]);
    expect((await runCli(['outdated', '--json'], { home })).json()).toEqual([
      expect.objectContaining({ name: 'memory', current: latest, outdated: false }),
    ]);
    expect((await runCli(['transport', 'test', 'memory', '--json'], { home })).json()).toMatchObject({
      ok: true,
    });
    expect(readdirSync(path.join(home, 'packages')).sort()).toEqual(['memory', 'memory.json']);
  }, 180_000);

  it('leaves config and MCP_HOME exactly as before when the package does not exist', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    const before = snapshot(home);
    const r = await runCli(['install', 'npm:@modelcontextprotocol/no-such-server-for-tests', '--yes'], {
      home,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/npm install .* failed .*\n.*E404/s);
    expect(snapshot(home)).toEqual(before);
  }, 120_000);

  it('refuses before changing anything when a required variable is missing', async () => {
    const home = await tempHome();
    await runCli(['init'], { home });
    const before = snapshot(home);
    const r = await runCli(['install', 'brave-search', '--yes'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required variables: BRAVE_API_KEY');
    expect(r.stderr).toContain('--env BRAVE_API_KEY=...');
    expect(snapshot(home)).toEqual(before);
    const plan = (await runCli(['install', 'brave-search', '--dry-run', '--json'], { home })).json<{
      plan: { commands: string[]; vars: Array<{ name: string; secret: boolean }> };
    }>();
    expect(plan.plan.commands[0]).toMatch(
      /^npm install --prefix .*brave-search .*@brave\/brave-search-mcp-server@/,
    );
    expect(plan.plan.vars).toEqual([expect.objectContaining({ name: 'BRAVE_API_KEY', secret: true })]);
  });

  it('renders a Dockerfile for a configured command (generic template)', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'tool', '--', 'my-mcp-tool', '--port', '0'], { home });
    const r = await runCli(['docker', 'render', 'tool'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CMD ["my-mcp-tool", "--port", "0"]');
    expect((await runCli(['docker', 'render', 'nope'], { home })).code).toBe(1);
  });

  it('installs a remote server by URL after connecting to it', async () => {
    const home = await tempHome();
    const url = `http://127.0.0.1:${everything.port}/mcp`;
    const r = await runCli(['install', `url:${url}`, '--name', 'remote-everything', '--yes', '--json'], {
      home,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      name: 'remote-everything',
      server: { url },
      tools: expect.arrayContaining(['echo']),
    });
    const refused = await runCli(['install', 'url:http://169.254.169.254/mcp', '--yes'], { home });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/metadata/);
  }, 60_000);
});

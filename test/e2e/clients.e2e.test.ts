/**
 * `mcp client` as a user runs it, against a fake home (HOME and XDG_CONFIG_HOME point into a temp dir, so
 * the real user's files are never touched): connect into a realistic existing config, hand-edit detection,
 * import with secrets and --replace, restore, disconnect, a user-scope and a project-scope entry side by side
 * (one key each, disconnected one at a time), a corrupt file left alone, and the Claude Desktop
 * entry proven by spawning exactly the command it names and listing the gateway's tools through it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'clients', 'existing');
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function fakeUser(): Promise<{ home: string; user: string; env: NodeJS.ProcessEnv }> {
  const home = await tempHome();
  const user = path.join(home, 'user');
  mkdirSync(user, { recursive: true });
  return {
    home,
    user,
    env: { HOME: user, XDG_CONFIG_HOME: path.join(user, '.config'), APPDATA: '', CODEX_HOME: '' },
  };
}

describe('mcp client', () => {
  const homes: string[] = [];
  afterAll(async () => {
    for (const home of homes) await runCli(['down'], { home });
  });

  it('connects, notices hand edits, imports with secrets, restores and disconnects', async () => {
    const { home, user, env } = await fakeUser();
    const file = path.join(user, '.cursor', 'mcp.json');
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(path.join(FIXTURES, 'cursor.json'), file);
    const original = readFileSync(file, 'utf8');
    const cli = (...args: string[]) => runCli(args, { home, env });

    const connected = await cli('client', 'connect', 'cursor', '--json');
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.json()).toMatchObject({ client: 'cursor', file, dryRun: false, keyName: 'cursor' });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('// Cursor MCP servers, edited by hand');
    expect(text).toContain('"experimental": { "keepMe": [1, 2, 3] }');
    expect(text).toMatch(
      /"mcp-platform": \{\s+"url": "http:\/\/127\.0\.0\.1:8090\/mcp",\s+"headers": \{\s+"Authorization": "Bearer mcp_/,
    );
    const backups = readdirSync(path.join(home, 'backups', 'clients', 'cursor'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(home, 'backups', 'clients', 'cursor', backups[0]!), 'utf8')).toBe(original);
    const keys = (await cli('key', 'list', '--json')).json<Array<{ name: string; revoked: boolean }>>();
    expect(keys.filter((k) => k.name === 'cursor' && !k.revoked)).toHaveLength(1);

    const status = () =>
      cli('client', 'status', '--json').then((r) =>
        r.json<Array<{ client: string; status: string; others: string[] }>>(),
      );
    expect((await status()).find((s) => s.client === 'cursor')).toMatchObject({
      status: 'connected',
      others: ['github', 'docs'],
    });
    // A change outside the servers, and the file laid out anew (as Claude Code and Gemini CLI rewrite
    // their own files), is not a hand edit of the servers.
    const rewritten = JSON.parse(
      readFileSync(file, 'utf8').replace('// Cursor MCP servers, edited by hand', ''),
    ) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ hand: true, ...rewritten }, null, 4)}\n`);
    expect((await status()).find((s) => s.client === 'cursor')?.status).toBe('connected');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('https://docs.example.com/mcp', 'https://docs.example.com/v2'),
    );
    expect((await status()).find((s) => s.client === 'cursor')?.status).toBe('modified');

    const imported = await cli('client', 'import', 'cursor', '--replace', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json()).toEqual([
      expect.objectContaining({
        client: 'cursor',
        imported: ['github', 'docs'],
        replaced: ['github', 'docs'],
      }),
    ]);
    const config = readFileSync(path.join(home, 'config.yaml'), 'utf8');
    expect(config).toContain('${secret:GITHUB_PERSONAL_ACCESS_TOKEN}');
    expect(config).not.toContain('ghp_exampletoken123');
    expect(config).not.toContain('docs-secret-456');
    expect((await cli('secret', 'list', '--json')).stdout).toContain('DOCS_AUTHORIZATION');
    const replaced = readFileSync(file, 'utf8');
    expect(replaced).not.toContain('"github"');
    expect(replaced).toContain('"hand": true');
    expect(replaced).toContain('"mcp-platform"');
    // Reconnecting rotated the key: one active cursor key.
    const after = (await cli('key', 'list', '--json')).json<Array<{ name: string; revoked: boolean }>>();
    expect(after.filter((k) => k.name === 'cursor' && !k.revoked)).toHaveLength(1);

    const restored = await cli('client', 'restore', 'cursor', '--json');
    expect(restored.code, restored.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"github"');
    // The restored file still holds the key the replace rotated away: restored, with a warning saying so.
    const { warnings } = restored.json<{ warnings: string[] }>();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/was revoked since.*mcp client connect cursor/);
    const human = await cli('client', 'restore', 'cursor');
    expect(human.code, human.stderr).toBe(0);
    // That restore put back the replaced file (whose key is the active one): nothing to warn about.
    expect(human.stderr).not.toContain('warning:');
    const again = await cli(
      'client',
      'restore',
      'cursor',
      '--backup',
      restored.json<{ restored: { id: string } }>().restored.id,
    );
    expect(again.stderr).toMatch(/warning: the restored file holds an API key that was revoked since/);

    const gone = await cli('client', 'disconnect', 'cursor', '--json');
    expect(gone.code, gone.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('mcp-platform');
    const final = (await cli('key', 'list', '--json')).json<Array<{ name: string; revoked: boolean }>>();
    expect(final.filter((k) => k.name === 'cursor' && !k.revoked)).toHaveLength(0);
  }, 60_000);

  it('keeps a user-scope and a project-scope entry, each with its own key, and disconnects one alone', async () => {
    const { home, user, env } = await fakeUser();
    mkdirSync(path.join(user, '.claude'), { recursive: true });
    const project = path.join(home, 'project');
    mkdirSync(project, { recursive: true });
    const cli = (...args: string[]) => runCli(args, { home, env, cwd: project });
    const userFile = path.join(user, '.claude.json');
    const projectFile = path.join(project, '.mcp.json');
    const keyOf = (file: string): string =>
      /Bearer (mcp_[A-Za-z0-9_-]+)/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    const activeKeys = async () =>
      (await cli('key', 'list', '--json'))
        .json<Array<{ name: string; revoked: boolean }>>()
        .filter((k) => !k.revoked)
        .map((k) => k.name)
        .sort();

    expect((await cli('client', 'connect', 'claude-code', '--json')).json()).toMatchObject({
      scope: 'user',
      file: userFile,
      keyName: 'claude-code',
    });
    const connected = await cli('client', 'connect', 'claude-code', '--scope', 'project', '--json');
    expect(connected.code, connected.stderr).toBe(0);
    const projectKeyName = connected.json<{ keyName: string }>().keyName;
    expect(connected.json()).toMatchObject({ scope: 'project', file: projectFile, project });
    expect(projectKeyName).toMatch(/^claude-code-project-project-[0-9a-f]{8}$/);
    expect(keyOf(userFile)).not.toBe(keyOf(projectFile));
    expect(await activeKeys()).toEqual(['claude-code', projectKeyName].sort());

    const rows = (await cli('client', 'list', '--json'))
      .json<Array<{ client: string; scope: string; project: string | null; status: string }>>()
      .filter((r) => r.client === 'claude-code');
    expect(rows).toEqual([
      expect.objectContaining({ scope: 'user', project: null, status: 'connected' }),
      expect.objectContaining({ scope: 'project', project, status: 'connected' }),
    ]);
    const table = await cli('client', 'status');
    expect(table.stdout).toContain(`project (${project})`);

    const userKey = keyOf(userFile);
    const gone = await cli('client', 'disconnect', 'claude-code', '--scope', 'project', '--json');
    expect(gone.json()).toMatchObject({ file: projectFile, removed: true, revoked: true });
    expect(readFileSync(projectFile, 'utf8')).not.toContain('mcp-platform');
    expect(keyOf(userFile)).toBe(userKey);
    expect(await activeKeys()).toEqual(['claude-code']);
  }, 60_000);

  it("imports a project's own servers from its project file, and --replace leaves the gateway entry there", async () => {
    const { home, user, env } = await fakeUser();
    const project = path.join(home, 'repo');
    mkdirSync(path.join(project, '.cursor'), { recursive: true });
    const projectFile = path.join(project, '.cursor', 'mcp.json');
    writeFileSync(
      projectFile,
      JSON.stringify({
        mcpServers: {
          'repo-echo': { command: process.execPath, args: [ECHO], env: { API_TOKEN: 'tok-123' } },
        },
      }),
    );
    const cli = (...args: string[]) => runCli(args, { home, env, cwd: project });

    const imported = await cli('client', 'import', 'cursor', '--scope', 'project', '--replace', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json()).toEqual([
      expect.objectContaining({
        client: 'cursor',
        file: projectFile,
        scope: 'project',
        imported: ['repo-echo'],
        replaced: ['repo-echo'],
      }),
    ]);
    const servers = (await cli('server', 'list', '--json')).json<Array<{ name: string }>>();
    expect(servers.map((s) => s.name)).toContain('repo-echo');
    // The credential went to the secret store; the project file now holds the gateway entry only.
    expect(JSON.stringify((await cli('server', 'show', 'repo-echo', '--json')).json())).not.toContain(
      'tok-123',
    );
    const left = JSON.parse(readFileSync(projectFile, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(left.mcpServers)).toEqual(['mcp-platform']);
    // The user-scope file was not touched, and a client without project files says so.
    expect(existsSync(path.join(user, '.cursor', 'mcp.json'))).toBe(false);
    const desktop = await cli('client', 'import', 'claude-desktop', '--scope', 'project');
    expect(desktop.code).toBe(2);
    // --all at project scope reads the project files there are; Cursor's has nothing of its own left.
    const all = await cli('client', 'import', '--all', '--scope', 'project', '--json');
    expect(all.code, all.stderr).toBe(0);
    expect(all.json()).toEqual([
      expect.objectContaining({ client: 'cursor', file: projectFile, imported: [] }),
    ]);
  }, 60_000);

  it('refuses a corrupt client file and leaves it, the keys and the backups exactly as they were', async () => {
    const { home, user, env } = await fakeUser();
    const file = path.join(user, '.config', 'Code', 'User', 'mcp.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{\n  "servers": {\n    "fs": { "command": "npx" \n  }\n');
    const before = sha(file);
    const r = await runCli(['client', 'connect', 'vscode'], { home, env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/mcp\.json:\d+:\d+: .*left as it is/);
    expect(sha(file)).toBe(before);
    expect((await runCli(['key', 'list', '--json'], { home, env })).json()).toEqual([]);
    expect(existsSync(path.join(home, 'backups', 'clients'))).toBe(false);
  });

  it.each([
    {
      client: 'claude-desktop',
      file: ['.config', 'Claude', 'claude_desktop_config.json'],
      key: 'mcpServers',
    },
    // Zed's settings.json is JSONC; a settings file with other settings in it already is kept.
    { client: 'zed', file: ['.config', 'zed', 'settings.json'], key: 'context_servers' },
  ])(
    'writes a $client entry whose exact command reaches the gateway',
    async ({ client: id, file: parts, key }) => {
      const { home, user, env } = await fakeUser();
      homes.push(home);
      const file = path.join(user, ...parts);
      if (id === 'zed') {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, '// Zed settings\n{\n  "theme": "One Dark",\n  "vim_mode": true,\n}\n');
      }
      await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home, env });
      const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home, env });
      expect(up.code, up.stderr).toBe(0);
      const port = new URL(up.json<{ url: string }>().url).port;
      await runCli(['config', 'set', 'gateway.port', port], { home, env });
      const connected = await runCli(['client', 'connect', id, '--json'], { home, env });
      expect(connected.code, connected.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      if (id === 'zed')
        expect(text).toMatch(/^\/\/ Zed settings\n\{\n {2}"theme": "One Dark",\n {2}"vim_mode": true,\n/);
      const servers = (
        JSON.parse(text.replace(/^\/\/.*\n/, '').replace(/,(\s*[}\]])/g, '$1')) as Record<
          string,
          Record<string, { command: string; args: string[]; env: Record<string, string> }>
        >
      )[key]!;
      const entry = servers['mcp-platform']!;
      expect(path.isAbsolute(entry.command)).toBe(true);
      expect(entry.env.MCP_HOME).toBe(home);
      // As the client does: spawn exactly that command with that environment.
      const client = new Client({ name: `${id}-like`, version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          env: entry.env,
          stderr: 'pipe',
        }),
      );
      try {
        const names = (await client.listTools()).tools.map((t) => t.name);
        expect(names).toContain('echo__echo');
        const r = await client.callTool({ name: 'echo__echo', arguments: { text: `via the ${id} entry` } });
        expect(JSON.stringify(r.content)).toContain(`via the ${id} entry`);
      } finally {
        await client.close();
      }
    },
    60_000,
  );
});

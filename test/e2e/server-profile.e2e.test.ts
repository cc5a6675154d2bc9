import fs from 'node:fs/promises';
import path from 'node:path';

import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';

import { BIN, ROOT, runCli, tempHome } from './cli-harness.js';

describe('mcp server', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
  });

  it('adds stdio and remote servers, lists them as JSON, shows, disables, enables and removes', async () => {
    const add = await runCli(
      [
        'server',
        'add',
        'echo',
        '--env',
        'GREETING=hi',
        '--env',
        'TOKEN=${secret:ECHO_TOKEN}',
        '--cwd',
        '/tmp',
        '--description',
        'Echo',
        '--',
        'node',
        'echo.js',
        '--verbose',
      ],
      { home },
    );
    expect(add.code, add.stderr).toBe(0);
    const remote = await runCli(
      [
        'server',
        'add',
        'docs',
        '--url',
        'https://docs.example.com/mcp',
        '--transport',
        'sse',
        '--header',
        'Authorization: Bearer ${secret:DOCS}',
      ],
      { home },
    );
    expect(remote.code, remote.stderr).toBe(0);

    const list = await runCli(['server', 'list', '--json'], { home });
    expect(list.json()).toEqual([
      expect.objectContaining({ name: 'echo', type: 'stdio', enabled: true }),
      expect.objectContaining({ name: 'docs', type: 'remote', enabled: true, transport: 'sse' }),
    ]);
    const show = await runCli(['server', 'show', 'echo', '--json'], { home });
    expect(show.json()).toMatchObject({
      command: 'node',
      args: ['echo.js', '--verbose'],
      env: { GREETING: 'hi', TOKEN: '${secret:ECHO_TOKEN}' },
      cwd: '/tmp',
      description: 'Echo',
      profiles: ['default'],
    });

    expect((await runCli(['server', 'disable', 'echo'], { home })).code).toBe(0);
    expect(
      (await runCli(['server', 'list', '--json'], { home })).json<{ enabled: boolean }[]>()[0]!.enabled,
    ).toBe(false);
    expect((await runCli(['server', 'enable', 'echo'], { home })).code).toBe(0);
    const doc = parse(await fs.readFile(path.join(home, 'config.yaml'), 'utf8'));
    expect(doc.servers.echo.enabled).toBeUndefined();

    expect((await runCli(['server', 'remove', 'echo'], { home })).code).toBe(0);
    const after = await runCli(['server', 'list', '--json'], { home });
    expect(after.json<{ name: string }[]>().map((s) => s.name)).toEqual(['docs']);
    const profile = await runCli(['profile', 'show', 'default', '--json'], { home });
    expect(profile.json()).toMatchObject({ servers: ['docs'] });
  });

  it('warns when a command names a file relative to the current directory, unless --cwd is given', async () => {
    const script = 'examples/echo-mcp/dist/index.js';
    const relative = await runCli(['server', 'add', 'rel', '--', 'node', script], { home });
    expect(relative.code).toBe(0);
    expect(relative.stderr).toContain(`warning: ${script}: relative to this directory`);
    expect(relative.stderr).toContain(`--cwd "${ROOT}"`);
    for (const args of [
      ['server', 'add', 'withcwd', '--cwd', ROOT, '--', 'node', script],
      ['server', 'add', 'absolute', '--', 'node', path.join(ROOT, script)],
      ['server', 'add', 'package', '--', 'npx', '-y', '@modelcontextprotocol/server-memory'],
    ]) {
      const quiet = await runCli(args, { home });
      expect(quiet.code, args[2]).toBe(0);
      expect(quiet.stderr, args[2]).not.toContain('warning:');
    }
  });

  it('rejects duplicate and invalid names and unknown servers with usage-style errors', async () => {
    await runCli(['server', 'add', 'echo', '--', 'node', 'a.js'], { home });
    const dup = await runCli(['server', 'add', 'echo', '--', 'node', 'b.js'], { home });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    for (const bad of ['Echo', 'a_b', 'a.b', 'x'.repeat(33)]) {
      const res = await runCli(['server', 'add', bad, '--', 'node'], { home });
      expect(res.code, bad).toBe(2);
      expect(res.stderr).toContain('invalid server name');
    }
    const missing = await runCli(['server', 'show', 'nope'], { home });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no server named "nope"');
    const noCmd = await runCli(['server', 'add', 'empty'], { home });
    expect(noCmd.code).toBe(2);
    const badUrl = await runCli(['server', 'add', 'u', '--url', 'not a url'], { home });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('servers.u');
    const before = await runCli(['server', 'list', '--json'], { home });
    const wsOnHttp = await runCli(
      ['server', 'add', 'w', '--url', 'http://127.0.0.1:9/mcp', '--transport', 'websocket'],
      { home },
    );
    expect(wsOnHttp.code).toBe(2);
    expect(wsOnHttp.stderr).toContain('transport "websocket" cannot reach http://127.0.0.1:9/mcp');
    expect(wsOnHttp.stderr).toContain('ws:// or wss://');
    const sseOnWs = await runCli(['server', 'add', 'w', '--url', 'ws://127.0.0.1:9', '--transport', 'sse'], {
      home,
    });
    expect(sseOnWs.code).toBe(2);
    const unknown = await runCli(
      ['server', 'add', 'w', '--url', 'http://127.0.0.1:9/mcp', '--transport', 'carrier-pigeon'],
      { home },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--transport carrier-pigeon is unknown');
    expect((await runCli(['server', 'list', '--json'], { home })).stdout).toBe(before.stdout);
  });

  it('unknown commands and options are usage errors (exit 2); --help exits 0', async () => {
    expect((await runCli(['frobnicate'], { home })).code).toBe(2);
    expect((await runCli(['server', 'list', '--bogus'], { home })).code).toBe(2);
    for (const args of [['up'], ['up', '--detach']]) {
      const badPort = await runCli([...args, '--port', 'abc'], { home });
      expect(badPort.code, args.join(' ')).toBe(2);
      expect(badPort.stderr).toContain('--port abc is not a port: give 0 to 65535');
    }
    const help = await runCli(['server', '--help'], { home });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('add');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('ends quietly with 0 when the reader of its output stops reading (mcp ... | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'catalog', 'list'], {
      env: { ...process.env, MCP_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});

describe('mcp profile', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
    await runCli(['server', 'add', 'a', '--', 'node', 'a.js'], { home });
    await runCli(['server', 'add', 'b', '--', 'node', 'b.js'], { home });
  });

  it('creates, lists, switches, edits and deletes profiles', async () => {
    expect((await runCli(['profile', 'create', 'work', 'a', '-d', 'for work'], { home })).code).toBe(0);
    expect((await runCli(['profile', 'add', 'work', 'b'], { home })).code).toBe(0);
    expect((await runCli(['profile', 'use', 'work'], { home })).code).toBe(0);
    const list = await runCli(['profile', 'list', '--json'], { home });
    expect(list.json()).toEqual([
      expect.objectContaining({ name: 'default', active: false, servers: ['a', 'b'] }),
      expect.objectContaining({ name: 'work', active: true, servers: ['a', 'b'], description: 'for work' }),
    ]);
    expect((await runCli(['profile', 'remove', 'work', 'a'], { home })).code).toBe(0);
    expect((await runCli(['profile', 'show', '--json'], { home })).json()).toMatchObject({
      name: 'work',
      servers: ['b'],
    });

    const delActive = await runCli(['profile', 'delete', 'work'], { home });
    expect(delActive.code).toBe(1);
    expect(delActive.stderr).toContain('active profile');
    await runCli(['profile', 'use', 'default'], { home });
    expect((await runCli(['profile', 'delete', 'work'], { home })).code).toBe(0);
    expect((await runCli(['profile', 'list', '--json'], { home })).json<unknown[]>()).toHaveLength(1);
  });

  it('rejects unknown profiles and servers, and duplicate profiles', async () => {
    const r1 = await runCli(['profile', 'use', 'nope'], { home });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('no profile named "nope"');
    const r2 = await runCli(['profile', 'create', 'x', 'ghost'], { home });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('no server named "ghost"');
    await runCli(['profile', 'create', 'x'], { home });
    const r3 = await runCli(['profile', 'create', 'x'], { home });
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('already exists');
  });
});

describe('mcp secret and completion', () => {
  it('stores secrets sealed, mode 0600, from stdin and never prints values', async () => {
    const home = await tempHome();
    expect((await runCli(['secret', 'set', 'TOKEN'], { home, input: 's3cr3t-value-99\n' })).code).toBe(0);
    const file = path.join(home, 'secrets', 'TOKEN');
    expect(await fs.readFile(file, 'utf8')).toMatch(/^mcp1:/);
    expect(await fs.readFile(file, 'utf8')).not.toContain('s3cr3t');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const list = await runCli(['secret', 'list', '--json'], { home });
    expect(list.json()).toEqual([{ name: 'TOKEN', value: '****e-99' }]);
    expect(list.stdout).not.toContain('s3cr3t');
    expect((await runCli(['secret', 'rm', 'TOKEN'], { home })).code).toBe(0);
    expect((await runCli(['secret', 'remove', 'TOKEN'], { home })).code).toBe(1);
  });

  it('prints completion scripts that bash accepts', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -F _mcp_completion mcp');
    const { execFileSync } = await import('node:child_process');
    const script = `${bash.stdout}\nCOMP_WORDS=(mcp server a); COMP_CWORD=2; _mcp_completion; echo "\${COMPREPLY[*]}"`;
    expect(execFileSync('bash', ['-c', script]).toString().trim()).toBe('add');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c mcp -n '__fish_use_subcommand' -a 'server'");
    expect((await runCli(['completion', 'tcsh'])).code).toBe(2);
  });
});

describe('mcp key', () => {
  it('creates a key shown once, lists it without its value, and revokes it', async () => {
    const home = await tempHome();
    const created = await runCli(['key', 'create', '--name', 'cursor', '--json'], { home });
    expect(created.code, created.stderr).toBe(0);
    const { key, id, name } = created.json<{ key: string; id: string; name: string }>();
    expect(key).toMatch(/^mcp_/);
    expect(name).toBe('cursor');
    const list = await runCli(['key', 'list', '--json'], { home });
    expect(list.stdout).not.toContain(key);
    expect(list.json()).toEqual([
      expect.objectContaining({ id, name: 'cursor', revoked: false, scopes: ['mcp'] }),
    ]);
    expect((await runCli(['key', 'revoke', id], { home })).code).toBe(0);
    expect((await runCli(['key', 'list', '--json'], { home })).json()).toEqual([
      expect.objectContaining({ id, revoked: true }),
    ]);
    expect((await runCli(['key', 'revoke', id], { home })).code).toBe(1);
    expect((await runCli(['key', 'create', '--name', 'x', '--scope', 'root'], { home })).code).toBe(1);
  });
});

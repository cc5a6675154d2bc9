import fs from 'node:fs/promises';
import path from 'node:path';

import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';

import { runCli, tempHome } from './cli-harness.js';

describe('mcp init and config', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
  });

  it('init creates the documented home layout and is idempotent', async () => {
    const first = await runCli(['init', '--json'], { home });
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ home, created: true, storage: 'sqlite' });
    for (const entry of ['config.yaml', 'state.db', 'secrets', 'logs', 'backups', 'run']) {
      await expect(fs.stat(path.join(home, entry))).resolves.toBeTruthy();
    }
    const cfg = await fs.readFile(path.join(home, 'config.yaml'), 'utf8');
    expect(cfg).toContain('yaml-language-server: $schema=');
    const second = await runCli(['init', '--json'], { home });
    expect(second.json()).toMatchObject({ created: false });
  });

  it('--home is used when MCP_HOME is not set, and MCP_HOME wins over it', async () => {
    const other = await tempHome();
    const viaFlag = await runCli(['--home', other, 'config', 'path'], { env: { MCP_HOME: '' } });
    expect(viaFlag.stdout.trim()).toBe(path.join(other, 'config.yaml'));
    const both = await runCli(['--home', other, 'config', 'path'], { home });
    expect(both.stdout.trim()).toBe(path.join(home, 'config.yaml'));
  });

  it('set and get a typed value, and show the resolved config', async () => {
    expect((await runCli(['config', 'set', 'gateway.port', '8091'], { home })).code).toBe(0);
    const got = await runCli(['config', 'get', 'gateway.port', '--json'], { home });
    expect(got.json()).toBe(8091);
    const shown = await runCli(['config', 'show', '--resolved'], { home });
    expect(parse(shown.stdout)).toMatchObject({
      gateway: { port: 8091, host: '127.0.0.1', separator: '__' },
    });
  });

  it('refuses an invalid value and leaves the file untouched', async () => {
    await runCli(['config', 'set', 'gateway.port', '8091'], { home });
    const before = await fs.readFile(path.join(home, 'config.yaml'), 'utf8');
    const bad = await runCli(['config', 'set', 'gateway.port', 'seventy'], { home });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the change would make');
    expect(bad.stderr).toContain('gateway.port');
    expect(bad.stderr).toContain('nothing was written');
    expect(bad.stderr).not.toContain('restore a backup');
    expect(await fs.readFile(path.join(home, 'config.yaml'), 'utf8')).toBe(before);
    const unknown = await runCli(['config', 'get', 'gateway.nope'], { home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no config key "gateway.nope"');
  });

  it('refuses to write over a corrupt config.yaml and names the file and the line', async () => {
    const file = path.join(home, 'config.yaml');
    await fs.writeFile(file, 'version: 2\nservers:\n  echo: [unclosed\n');
    const before = await fs.readFile(file, 'utf8');
    const res = await runCli(['server', 'add', 'x', '--', 'node', 'x.js'], { home });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toMatch(/line \d+/);
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    const validate = await runCli(['config', 'validate'], { home });
    expect(validate.code).toBe(1);
    // The position is given once, up front; the reason does not trail off into a cut excerpt.
    const first = validate.stderr.split('\n')[0]!;
    expect(first).toMatch(/is not valid YAML \(line \d+, column \d+\): \S/);
    expect(first).not.toMatch(/:\s*$/);
    expect(first.match(/line \d+/g)).toHaveLength(1);
  });

  it('refuses a config that parses but does not validate, naming the path in the document', async () => {
    const file = path.join(home, 'config.yaml');
    await fs.writeFile(
      file,
      'version: 2\nservers:\n  echo:\n    args: [a]\nactiveProfile: default\nprofiles:\n  default: {}\n',
    );
    const res = await runCli(['server', 'list'], { home });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toContain('servers.echo');
    expect(res.stderr).toContain('fix:');
  });

  it('keeps comments when it edits the file, and a .bak of the previous version', async () => {
    const file = path.join(home, 'config.yaml');
    await fs.writeFile(
      file,
      '# my notes\nversion: 2\nservers: {}\nprofiles:\n  default:\n    servers: [] # empty for now\nactiveProfile: default\n',
    );
    expect((await runCli(['server', 'add', 'echo', '--', 'node', 'echo.js'], { home })).code).toBe(0);
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('# my notes');
    expect(parse(text).servers.echo).toEqual({ command: 'node', args: ['echo.js'] });
    expect(await fs.readFile(`${file}.bak`, 'utf8')).toContain('servers: {}');
  });

  it('migrates a version-1 config on load and writes version 2 on the next edit', async () => {
    const file = path.join(home, 'config.yaml');
    await fs.writeFile(
      file,
      'version: 1\ngateway:\n  namespaceSeparator: "_"\nservers:\n  docs:\n    url: http://127.0.0.1:9/mcp\n    transport: http\nprofiles:\n  default:\n    servers: [docs]\n',
    );
    const v = await runCli(['config', 'validate', '--json'], { home });
    expect(v.code).toBe(0);
    expect(v.json<{ migrations: string[] }>().migrations).toHaveLength(1);
    expect((await runCli(['config', 'set', 'gateway.port', '9000'], { home })).code).toBe(0);
    const doc = parse(await fs.readFile(file, 'utf8'));
    expect(doc.version).toBe(2);
    expect(doc.gateway).toEqual({ separator: '_', port: 9000 });
    expect(doc.servers.docs.transport).toBe('streamable-http');
  });

  it('two concurrent writers never lose an edit', async () => {
    await runCli(['init'], { home });
    const names = Array.from({ length: 8 }, (_, i) => `s${i}`);
    const results = await Promise.all(
      names.map((n) => runCli(['server', 'add', n, '--', 'node', `${n}.js`], { home })),
    );
    expect(results.map((r) => r.code)).toEqual(names.map(() => 0));
    const list = await runCli(['server', 'list', '--json'], { home });
    expect(
      list
        .json<{ name: string }[]>()
        .map((s) => s.name)
        .sort(),
    ).toEqual(names);
  });

  it('reports an unwritable home clearly and exits 1', async () => {
    // A regular file where the home directory should be: fails even for root, unlike chmod.
    const parent = await tempHome();
    const blocker = path.join(parent, 'not-a-dir');
    await fs.writeFile(blocker, 'x');
    const res = await runCli(['server', 'add', 'x', '--', 'node'], { home: path.join(blocker, 'home') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cannot write the platform home');
    expect(res.stderr).toContain('MCP_HOME');
  });

  it('imports an mcpServers file, slugifying names and reporting what changed', async () => {
    const file = path.join(home, 'claude_desktop_config.json');
    await fs.writeFile(
      file,
      JSON.stringify({
        mcpServers: {
          'My Files': { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
          GitHub: { command: 'npx', args: ['-y', 'gh'], env: { GITHUB_TOKEN: 'x' } },
          remote: { type: 'http', url: 'https://example.com/mcp', headers: { 'X-Key': 'k' } },
          broken: { args: [] },
        },
      }),
    );
    const res = await runCli(['config', 'import', file, '--json'], { home });
    expect(res.code).toBe(0);
    const out = res.json<{ imported: string[]; changes: string[]; skipped: string[] }>();
    expect(out.imported.sort()).toEqual(['github', 'my-files', 'remote']);
    expect(out.changes).toContain('renamed "My Files" to "my-files"');
    expect(out.skipped[0]).toContain('broken');
    const show = await runCli(['server', 'show', 'remote', '--json'], { home });
    expect(show.json()).toMatchObject({
      url: 'https://example.com/mcp',
      transport: 'streamable-http',
      headers: { 'X-Key': 'k' },
    });
    const again = await runCli(['config', 'import', file, '--json'], { home });
    expect(again.json<{ imported: string[] }>().imported).toEqual([]);
  });
});

/**
 * Client configuration, pure parts: per-OS paths and entries (golden file, reviewed by hand against each
 * client's documentation), merges into realistic existing configs that leave every untouched byte alone,
 * corrupt files refused, TOML tables, and secrets split off imports.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseFile, serversIn, withEntry, withoutEntries } from './config-file.js';
import { splitSecrets } from './import-secrets.js';
import { planClientImport } from './importer.js';
import { dirFromEnv } from './locations.js';
import { allClients, clientSpec } from './registry.js';
import { clientSnippet } from './snippet.js';
import { ENTRY_NAME, type ClientEnv, type GatewayTarget } from './types.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/clients');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

const ENVS: Record<string, ClientEnv> = {
  linux: { platform: 'linux', home: '/home/ann', cwd: '/home/ann/project' },
  darwin: { platform: 'darwin', home: '/Users/ann', cwd: '/Users/ann/project' },
  win32: {
    platform: 'win32',
    home: 'C:\\Users\\ann',
    appData: 'C:\\Users\\ann\\AppData\\Roaming',
    cwd: 'C:\\work\\project',
  },
};
const TARGET: GatewayTarget = {
  url: 'http://127.0.0.1:8090/mcp',
  key: 'mcp_TESTKEY',
  home: '/home/ann/.mcp-platform',
  profile: 'work',
  node: '/usr/bin/node',
  bin: '/opt/mcp-platform/bin/mcp.js',
};

describe('client specs', () => {
  it('match the golden paths (Linux, macOS, Windows) and snippets of every client', () => {
    const golden = JSON.parse(fixture('golden.json')) as Record<string, { paths: unknown; snippet: string }>;
    expect(Object.keys(golden)).toEqual(allClients().map((s) => s.id));
    for (const spec of allClients()) {
      const paths = Object.fromEntries(
        Object.entries(ENVS).map(([os, env]) => [
          os,
          { user: spec.path(env, 'user') ?? null, project: spec.path(env, 'project') ?? null },
        ]),
      );
      expect(paths, spec.id).toEqual(golden[spec.id]!.paths);
      expect(clientSnippet(spec, TARGET), spec.id).toBe(golden[spec.id]!.snippet);
    }
  });

  it('honours XDG_CONFIG_HOME and CODEX_HOME', () => {
    const env: ClientEnv = { ...ENVS.linux!, xdgConfig: '/cfg', codexHome: '/codex' };
    expect(clientSpec('claude-desktop').path(env, 'user')).toBe('/cfg/Claude/claude_desktop_config.json');
    expect(clientSpec('vscode').path(env, 'user')).toBe('/cfg/Code/User/mcp.json');
    expect(clientSpec('codex').path(env, 'user')).toBe('/codex/config.toml');
    expect(clientSpec('zed').path(env, 'user')).toBe('/cfg/zed/settings.json');
  });

  it('ignores an empty or relative XDG_CONFIG_HOME / APPDATA (never a config under the current directory)', () => {
    expect(dirFromEnv('')).toBeUndefined();
    expect(dirFromEnv(undefined)).toBeUndefined();
    expect(dirFromEnv('relative/cfg')).toBeUndefined();
    expect(dirFromEnv('/cfg')).toBe('/cfg');
    expect(dirFromEnv('relative/codex', false)).toBe('relative/codex');
    const env: ClientEnv = { ...ENVS.linux!, xdgConfig: dirFromEnv('') };
    expect(clientSpec('zed').path(env, 'user')).toBe('/home/ann/.config/zed/settings.json');
    expect(clientSpec('claude-desktop').path(env, 'user')).toBe(
      '/home/ann/.config/Claude/claude_desktop_config.json',
    );
  });

  it('refuses an unknown client id with the list of known ones', () => {
    expect(() => clientSpec('notepad')).toThrow(
      /unknown client "notepad": choose one of claude-desktop, claude-code/,
    );
  });
});

/** Lines of `after` that are not in `before` (a rough diff: what an edit added). */
function added(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((l) => !old.has(l));
}

describe('merging into existing configs', () => {
  it('adds the entry to a JSON file with comments, other servers and other keys, changing nothing else', () => {
    const before = fixture('existing/cursor.json');
    const spec = clientSpec('cursor');
    const after = withEntry(spec, before, 'mcp.json', ENTRY_NAME, spec.entry(TARGET));
    // Every original line is still there (the one before the new entry gains a comma); only the entry was added.
    const lines = after.split('\n');
    for (const line of before.split('\n'))
      expect(lines.includes(line) || lines.includes(`${line},`), line).toBe(true);
    expect(added(before, after).join('\n')).toContain('"mcp-platform": {');
    expect(serversIn(spec, after, 'mcp.json')[ENTRY_NAME]).toEqual(spec.entry(TARGET));
    // Removing it again gives the file back byte for byte.
    expect(withoutEntries(spec, after, 'mcp.json', [ENTRY_NAME])).toBe(before);
  });

  it('keeps JSONC comments, tabs and trailing commas of a VS Code file', () => {
    const before = fixture('existing/vscode.jsonc');
    const spec = clientSpec('vscode');
    const after = withEntry(spec, before, 'mcp.json', ENTRY_NAME, spec.entry(TARGET));
    for (const line of before.split('\n')) expect(after).toContain(line.replace(/,$/, ''));
    expect(after).toContain('\t\t"mcp-platform": {');
    expect(Object.keys(serversIn(spec, after, 'mcp.json'))).toEqual(['fs', ENTRY_NAME]);
    expect(parseFile(spec, after, 'mcp.json').inputs).toHaveLength(1);
  });

  it('adds a command entry to Zed settings (JSONC, trailing commas, other settings) and removes it again', () => {
    const before = fixture('existing/zed.jsonc');
    const spec = clientSpec('zed');
    const after = withEntry(spec, before, 'settings.json', ENTRY_NAME, spec.entry(TARGET));
    for (const line of before.split('\n')) expect(after).toContain(line);
    expect(Object.keys(serversIn(spec, after, 'settings.json'))).toEqual([
      'memory',
      'github-mcp-server',
      ENTRY_NAME,
    ]);
    expect(serversIn(spec, after, 'settings.json')[ENTRY_NAME]).toEqual({
      source: 'custom',
      command: '/usr/bin/node',
      args: ['/opt/mcp-platform/bin/mcp.js', 'connect', '--profile', 'work'],
      env: { MCP_HOME: '/home/ann/.mcp-platform', MCP_API_KEY: 'mcp_TESTKEY' },
    });
    expect(parseFile(spec, after, 'settings.json')).toMatchObject({ theme: 'One Dark', vim_mode: false });
    expect(withoutEntries(spec, after, 'settings.json', [ENTRY_NAME])).toBe(before);
  });

  it("imports Zed's custom servers (also the older nested command) and leaves its extensions in Zed", () => {
    const spec = clientSpec('zed');
    const plan = planClientImport(spec, fixture('existing/zed.jsonc'), 'settings.json', {});
    expect(plan.servers).toEqual({
      memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
    });
    expect(plan.skipped).toEqual([expect.stringMatching(/^github-mcp-server: a Zed extension/)]);
    expect(plan.covered).toEqual(['memory']);
    const older =
      '{ "context_servers": { "fs": { "command": { "path": "mcp-fs", "args": ["/srv"], "env": { "A": "1" } } } } }';
    expect(planClientImport(spec, older, 'settings.json', {}).servers).toEqual({
      fs: { command: 'mcp-fs', args: ['/srv'], env: { A: '1' } },
    });
  });

  it('appends a TOML table to a Codex config and removes it again byte for byte', () => {
    const before = fixture('existing/codex.toml');
    const spec = clientSpec('codex');
    const after = withEntry(spec, before, 'config.toml', ENTRY_NAME, spec.entry(TARGET));
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after).toContain(
      '[mcp_servers.mcp-platform]\nurl = "http://127.0.0.1:8090/mcp"\nbearer_token_env_var = "MCP_PLATFORM_API_KEY"\n',
    );
    expect(serversIn(spec, after, 'config.toml')).toMatchObject({
      memory: { command: 'npx' },
      [ENTRY_NAME]: { url: TARGET.url },
    });
    // Replacing an existing table rewrites only that table.
    const moved = withEntry(spec, after, 'config.toml', ENTRY_NAME, {
      ...spec.entry(TARGET),
      url: 'http://127.0.0.1:9999/mcp',
    });
    expect(added(after, moved)).toEqual(['url = "http://127.0.0.1:9999/mcp"']);
    expect(withoutEntries(spec, after, 'config.toml', [ENTRY_NAME])).toBe(before);
    // A table with sub-tables goes whole.
    const noMemory = withoutEntries(spec, before, 'config.toml', ['memory']);
    expect(noMemory).not.toContain('memory');
    expect(noMemory).toContain('[profiles.fast]');
  });

  it('refuses a corrupt file with its line and column', () => {
    const spec = clientSpec('cursor');
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" }\n  \n}\n';
    expect(() => withEntry(spec, broken, 'mcp.json', ENTRY_NAME, {})).toThrow(
      /mcp\.json:6:1: close brace expected; the file was left as it is/,
    );
    expect(() => withEntry(clientSpec('codex'), 'model = \n', 'config.toml', ENTRY_NAME, {})).toThrow(
      /config\.toml:1:\d+: .*left as it is/,
    );
  });

  it('starts a missing or empty file with just the entry', () => {
    const spec = clientSpec('claude-desktop');
    const text = withEntry(spec, '', 'c.json', ENTRY_NAME, spec.entry(TARGET));
    expect(JSON.parse(text)).toEqual({ mcpServers: { [ENTRY_NAME]: spec.entry(TARGET) } });
  });
});

describe('importing a client’s servers', () => {
  it('plans definitions with credentials moved into secrets, and skips what already exists', () => {
    const spec = clientSpec('cursor');
    const text = withEntry(spec, fixture('existing/cursor.json'), 'mcp.json', ENTRY_NAME, spec.entry(TARGET));
    const plan = planClientImport(spec, text, 'mcp.json', {});
    expect(Object.keys(plan.servers)).toEqual(['github', 'docs']);
    expect(plan.servers.github).toMatchObject({
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${secret:GITHUB_PERSONAL_ACCESS_TOKEN}' },
    });
    expect(plan.servers.docs).toMatchObject({
      headers: { Authorization: 'Bearer ${secret:DOCS_AUTHORIZATION}' },
    });
    expect(plan.secrets).toEqual({
      GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_exampletoken123',
      DOCS_AUTHORIZATION: 'docs-secret-456',
    });
    expect(plan.covered).toEqual(['github', 'docs']);
    expect(JSON.stringify(plan.servers)).not.toContain('ghp_exampletoken123');
    const again = planClientImport(spec, text, 'mcp.json', {
      docs: { url: 'https://docs.example.com/mcp', headers: { Authorization: 'Bearer docs-secret-456' } },
    });
    expect(Object.keys(again.servers)).toEqual(['github']);
  });

  it('names a secret by its variable when that already starts with the server name, without clashing', () => {
    const env = { GITHUB_TOKEN: 't1', TOKEN: 't2', API_KEY: 'k', GITHUB_PAT: 't1' };
    const { def, secrets } = splitSecrets('github', { command: 'a', env });
    expect(secrets).toEqual({
      GITHUB_TOKEN: 't1',
      GITHUB_TOKEN_2: 't2',
      GITHUB_API_KEY: 'k',
      GITHUB_PAT: 't1',
    });
    expect(def.env).toEqual({
      GITHUB_TOKEN: '${secret:GITHUB_TOKEN}',
      TOKEN: '${secret:GITHUB_TOKEN_2}',
      API_KEY: '${secret:GITHUB_API_KEY}',
      GITHUB_PAT: '${secret:GITHUB_PAT}',
    });
  });

  it('leaves plain values and existing references alone', () => {
    expect(
      splitSecrets('x', { command: 'a', env: { LOG_LEVEL: 'debug', API_KEY: '${secret:MINE}' } }),
    ).toEqual({
      def: { command: 'a', env: { LOG_LEVEL: 'debug', API_KEY: '${secret:MINE}' } },
      secrets: {},
    });
  });
});

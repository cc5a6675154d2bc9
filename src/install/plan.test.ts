import { describe, expect, it } from 'vitest';

import { planLocal, planNpm, planPypi, planUrl } from './plan.js';
import { parseRef } from './ref.js';

describe('install references', () => {
  it('parses every kind of source', () => {
    expect(parseRef('memory')).toEqual({ kind: 'catalog', target: 'memory' });
    expect(parseRef('io.github.github/github-mcp-server')).toEqual({
      kind: 'catalog',
      target: 'io.github.github/github-mcp-server',
    });
    expect(parseRef('npm:@scope/pkg@1.2.3')).toEqual({ kind: 'npm', target: '@scope/pkg', version: '1.2.3' });
    expect(parseRef('npm:@scope/pkg')).toEqual({ kind: 'npm', target: '@scope/pkg' });
    expect(parseRef('pypi:mcp-server-fetch@2025.4.7')).toEqual({
      kind: 'pypi',
      target: 'mcp-server-fetch',
      version: '2025.4.7',
    });
    expect(parseRef('docker:ghcr.io/github/github-mcp-server:v1')).toEqual({
      kind: 'oci',
      target: 'ghcr.io/github/github-mcp-server',
      version: 'v1',
    });
    expect(parseRef('url:https://mcp.example.com/mcp')).toEqual({
      kind: 'url',
      target: 'https://mcp.example.com/mcp',
    });
    expect(parseRef('https://mcp.example.com/mcp')).toEqual({
      kind: 'url',
      target: 'https://mcp.example.com/mcp',
    });
    expect(parseRef('github:owner/repo#v2')).toEqual({ kind: 'github', target: 'owner/repo', version: 'v2' });
    expect(parseRef('https://github.com/owner/repo')).toEqual({
      kind: 'github',
      target: 'owner/repo',
      version: undefined,
    });
    expect(parseRef('./servers/mine')).toEqual({ kind: 'local', target: './servers/mine' });
    expect(() => parseRef('ftp:thing')).toThrow(/unknown source "ftp:"/);
    expect(() => parseRef('Not A Ref!')).toThrow(/cannot tell what/);
  });
});

describe('install plans (registries other than npm cannot be reached from tests: plans only)', () => {
  it('npm installs into its own prefix and runs the bin with this node', () => {
    const p = planNpm('@modelcontextprotocol/server-memory', '2026.8.31');
    expect(p.name).toBe('memory');
    expect(p.commands).toEqual([
      [
        'npm',
        'install',
        '--prefix',
        '{dir}',
        '--no-audit',
        '--no-fund',
        '--omit=dev',
        '@modelcontextprotocol/server-memory@2026.8.31',
      ],
    ]);
    expect(p.server).toEqual({ command: process.execPath, args: ['{bin}'] });
  });

  it('pypi runs with uvx, pinned', () => {
    const p = planPypi('mcp-server-fetch', '2025.4.7');
    expect(p.server).toEqual({
      command: 'uvx',
      args: ['--from', 'mcp-server-fetch==2025.4.7', 'mcp-server-fetch'],
    });
    expect(p.name).toBe('fetch');
  });

  it('a URL becomes a remote server', () => {
    expect(planUrl('https://mcp.notion.com/mcp')).toMatchObject({
      name: 'notion',
      server: { url: 'https://mcp.notion.com/mcp' },
      commands: [],
    });
  });

  it('a local directory is detected from its manifest', () => {
    const p = planLocal('examples/echo-mcp');
    expect(p.why[0]).toMatch(/Node\.js project/);
    expect(p.server).toMatchObject({
      command: process.execPath,
      args: [expect.stringMatching(/examples\/echo-mcp\/dist\/index\.js$/)],
    });
    expect(() => planLocal('docs')).toThrow(/no package\.json or pyproject\.toml/);
  });
});

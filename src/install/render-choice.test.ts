/** The template `mcp docker render` picks for each kind of install, and what it refuses. */
import { describe, expect, it } from 'vitest';

import type { InstallRecord } from './flow.js';
import { chooseTemplate } from './render-choice.js';

const record = (r: Partial<InstallRecord>): InstallRecord => ({
  name: 'x',
  source: 's',
  installedAt: '2026-01-01T00:00:00.000Z',
  secrets: [],
  server: {},
  ...r,
});

describe('docker render: template choice', () => {
  it('ecosystem installs use their template with the recorded package and version', () => {
    expect(
      chooseTemplate(
        'files',
        { command: '/h/packages/files/bin/files-mcp', args: ['--ro'] },
        record({ kind: 'cargo', package: 'files-mcp', version: '0.3.1' }),
      ),
    ).toEqual({
      template: 'cargo',
      values: { PACKAGE: 'files-mcp', VERSION: '0.3.1', BIN: 'files-mcp', ARGS: ['--ro'] },
    });
    expect(
      chooseTemplate(
        'f',
        { command: '/h/p/f/venv/bin/mcp-server-fetch', args: [] },
        record({ kind: 'pypi', package: 'mcp-server-fetch', version: '1.0.0' }),
      ).template,
    ).toBe('python-pip');
    expect(
      chooseTemplate(
        'w',
        { command: '/h/p/w/bin/weather', args: [] },
        record({ kind: 'go', package: 'github.com/o/weather' }),
      ).values.VERSION,
    ).toBe('latest');
  });

  it('a repository built from source uses the template of its language, with its entry point', () => {
    const r = record({
      kind: 'github',
      detected: { languages: ['node'], evidence: [], way: 'source', language: 'node', alternatives: [] },
    });
    expect(
      chooseTemplate(
        'n',
        { command: '/usr/bin/node', args: ['/h/p/n/src/dist/server.js'], cwd: '/h/p/n/src' },
        r,
      ),
    ).toEqual({
      template: 'github-node',
      values: { BIN: 'dist/server.js', MAIN: '.', ARGS: [] },
    });
  });

  it('refuses an unpinned gem and a server already in a container', () => {
    expect(() =>
      chooseTemplate('g', { command: '/h/bin/notes', args: [] }, record({ kind: 'gem', package: 'notes' })),
    ).toThrow(/without a pinned version/);
    expect(() =>
      chooseTemplate('o', { command: 'docker', args: [] }, record({ kind: 'oci', image: 'img:1' })),
    ).toThrow(/already runs in a container \(img:1\)/);
  });

  it('anything else: uvx servers python-uv, other commands generic', () => {
    expect(chooseTemplate('u', { command: 'uvx', args: ['--from', 'a==1.0', 'a'] }, undefined).template).toBe(
      'python-uv',
    );
    expect(chooseTemplate('t', { command: 'my-tool', args: ['-v'] }, undefined)).toEqual({
      template: 'generic',
      values: { BIN: 'my-tool', ARGS: ['-v'] },
    });
  });
});

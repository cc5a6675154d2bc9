/** The reinstall command `mcp update` suggests for the installs it does not update in place. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { recordFile } from './flow.js';
import { updateInstall } from './outdated.js';
import { reinstallCommand } from './reinstall-hint.js';

const hint = (source: string, runtime?: 'native' | 'docker'): string | undefined =>
  reinstallCommand({ name: 'x', source, runtime });

describe('reinstallCommand', () => {
  it('names a GitHub repository version as a tag or branch after #', () => {
    expect(hint('github:acme/fs-mcp#v1.0.0')).toBe(
      'mcp uninstall x && mcp install github:acme/fs-mcp#<tag or branch>',
    );
    expect(hint('github:acme/fs-mcp', 'docker')).toBe(
      'mcp uninstall x && mcp install github:acme/fs-mcp#<tag or branch> --runtime docker',
    );
    // A repository that published a package was installed from the package, but named as the repository.
    expect(hint('github:acme/fs-mcp (npm:@acme/fs-mcp@1.0.0)')).toBe(
      'mcp uninstall x && mcp install github:acme/fs-mcp#<tag or branch>',
    );
  });

  it('names an image version as a tag after :', () => {
    expect(hint('oci:ghcr.io/acme/fs-mcp:1.0.0', 'docker')).toBe(
      'mcp uninstall x && mcp install oci:ghcr.io/acme/fs-mcp:<tag>',
    );
    expect(hint('oci:registry.example.com:5000/fs', 'docker')).toBe(
      'mcp uninstall x && mcp install oci:registry.example.com:5000/fs:<tag>',
    );
  });

  it('gives a local directory and a URL as they are (they name no version)', () => {
    expect(hint('local:/srv/mcp/fs')).toBe('mcp uninstall x && mcp install /srv/mcp/fs');
    expect(hint('local:/srv/mcp/fs', 'docker')).toBe(
      'mcp uninstall x && mcp install /srv/mcp/fs --runtime docker',
    );
    expect(hint('url:https://mcp.example.com/mcp')).toBe(
      'mcp uninstall x && mcp install https://mcp.example.com/mcp',
    );
  });

  it('names a package version after @, and a catalog install by the package it chose', () => {
    expect(hint('cargo:fs-mcp@1.0.0', 'docker')).toBe(
      'mcp uninstall x && mcp install cargo:fs-mcp@<version> --runtime docker',
    );
    expect(hint('pypi:mcp-server-fetch==1.0.0', 'docker')).toBe(
      'mcp uninstall x && mcp install pypi:mcp-server-fetch@<version> --runtime docker',
    );
    expect(hint('composer:acme/fs-mcp:1.0.0', 'docker')).toBe(
      'mcp uninstall x && mcp install composer:acme/fs-mcp@<version> --runtime docker',
    );
    expect(hint('catalog:fetch (oci:mcp/fetch:1.0.0)', 'docker')).toBe(
      'mcp uninstall x && mcp install oci:mcp/fetch:<tag>',
    );
  });
});

describe('mcp update of an install it does not update in place', () => {
  it('refuses with the reinstall command in the syntax of its source', async () => {
    const packagesDir = await mkdtemp(path.join(os.tmpdir(), 'upd-'));
    await writeFile(
      recordFile(packagesDir, 'fs'),
      JSON.stringify({
        name: 'fs',
        source: 'github:acme/fs-mcp#v1.0.0',
        kind: 'github',
        version: 'v1.0.0',
        installedAt: '2026-01-01T00:00:00Z',
        dir: path.join(packagesDir, 'fs'),
        secrets: [],
        server: { command: 'node', args: ['dist/index.js'] },
      }),
    );
    const err = (await updateInstall(packagesDir, 'fs', async () => [], {
      context: { has: async () => true },
    }).then(
      () => ({ message: 'updated' }),
      (e: unknown) => e,
    )) as { message: string; hint?: string };
    expect(err.message).toBe(
      '"fs" is a github install: only npm, cargo, go, gem, composer and PyPI installs are updated in place',
    );
    expect(err.hint).toBe('reinstall it: mcp uninstall fs && mcp install github:acme/fs-mcp#<tag or branch>');
  });
});

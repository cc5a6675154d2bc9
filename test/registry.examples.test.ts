/**
 * The catalog entries of the bundled examples stay in line with the example packages and the
 * official server.json rules (name pattern, description length, exact versions).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Entry {
  name: string;
  description: string;
  version: string;
  packages: {
    registryType: string;
    identifier: string;
    version: string;
    transport: { type: string };
    environmentVariables: { name: string }[];
  }[];
  _meta: Record<string, { id: string; bundled: string; category: string }>;
}

const catalog = JSON.parse(readFileSync(path.join(ROOT, 'registry', 'examples.json'), 'utf8')) as {
  servers: Entry[];
};

describe('registry/examples.json', () => {
  it('has one entry per example package', () => {
    expect(catalog.servers.map((s) => s._meta['dev.mcp-platform/catalog']!.id).sort()).toEqual([
      'echo',
      'todo',
      'weather',
    ]);
  });

  for (const entry of catalog.servers) {
    it(`${entry.name} follows server.json rules and matches its package`, () => {
      expect(entry.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
      expect(entry.description.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeLessThanOrEqual(100);
      expect(entry.version).toMatch(/^\d+\.\d+\.\d+$/);
      const meta = entry._meta['dev.mcp-platform/catalog']!;
      const dir = path.join(ROOT, meta.bundled);
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      const npm = entry.packages.find((p) => p.registryType === 'npm')!;
      expect(npm).toMatchObject({ identifier: pkg.name, version: pkg.version, transport: { type: 'stdio' } });
      expect(entry.version).toBe(pkg.version);
      expect(existsSync(path.join(dir, 'README.md'))).toBe(true);
      const source = readFileSync(path.join(dir, 'src', 'options.ts'), 'utf8');
      for (const v of npm.environmentVariables) expect(source, v.name).toContain(v.name);
    });
  }
});

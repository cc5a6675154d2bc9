/**
 * Every Dockerfile template, rendered, checked structurally (hadolint is not packaged by Debian): multi-stage,
 * every base image pinned to an exact version, a non-root user before the command, tini as PID 1, a
 * healthcheck, and no placeholder left.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { renderTemplate, TEMPLATES, templateText } from './docker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VALUES = {
  PACKAGE: 'example-mcp',
  VERSION: '1.2.3',
  BIN: 'dist/index.js',
  ARGS: ['--flag', 'a b'],
  MAIN: 'cmd/server',
};

describe('Dockerfile templates', () => {
  for (const name of TEMPLATES) {
    it(`${name}: renders into a hardened multi-stage Dockerfile`, async () => {
      const text = renderTemplate(await templateText(ROOT, name), VALUES);
      const lines = text.split('\n');
      const froms = lines.filter((l) => l.startsWith('FROM '));
      expect(froms.length, 'multi-stage').toBeGreaterThanOrEqual(2);
      for (const f of froms) {
        const image = f.split(/\s+/)[1]!;
        // A version (node:20.19.5-...) or a dated snapshot (debian:bookworm-20241016-slim), never a moving tag.
        expect(image, 'pinned base image').toMatch(/:[^:]*(\d+\.\d+|\d{8})/);
        expect(image).not.toMatch(/:latest$/);
      }
      const user = lines.findIndex((l) => /^USER (?!root\b)\S+/.test(l));
      const cmd = lines.findIndex((l) => l.startsWith('CMD '));
      expect(user, 'non-root USER').toBeGreaterThan(0);
      expect(user).toBeLessThan(cmd);
      expect(text).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
      expect(text).toMatch(/apt-get install -y --no-install-recommends tini/);
      expect(text).toMatch(/^HEALTHCHECK /m);
      expect(lines.slice(3).join('\n')).not.toMatch(/\{\{/);
      expect(JSON.parse(lines[cmd]!.slice(4)) as string[]).toEqual(expect.arrayContaining(['--flag', 'a b']));
    });
  }

  it('refuses to render without a value the template needs', async () => {
    expect(() => renderTemplate('FROM x:1.0\nRUN install {{PACKAGE}}', { BIN: 'x' })).toThrow(
      /needs a value for PACKAGE/,
    );
  });
});

/**
 * Dockerfile templates (`templates/<name>.Dockerfile`): multi-stage, pinned base images, a non-root user,
 * tini as PID 1, a healthcheck. `mcp docker render` fills one in for a server: from its install record
 * (npm, PyPI), else from its command (generic).
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';

/** Every template, one per ecosystem and repository language. */
export const TEMPLATES = [
  'node',
  'python-pip',
  'python-uv',
  'cargo',
  'go',
  'gem',
  'composer',
  'github-node',
  'github-python',
  'github-go',
  'github-rust',
  'github-ruby',
  'generic',
] as const;

/** A template name. */
export type TemplateName = (typeof TEMPLATES)[number];

/** The values a template takes. */
export interface TemplateValues {
  PACKAGE?: string;
  VERSION?: string;
  /** What runs: a bin path (relative to the package), an entry point, or a command. */
  BIN: string;
  ARGS?: readonly string[];
  /** github-go: the package directory of `main`. */
  MAIN?: string;
}

/** Reads a template's text. */
export async function templateText(packageRoot: string, name: TemplateName): Promise<string> {
  return readFile(path.join(packageRoot, 'templates', `${name}.Dockerfile`), 'utf8');
}

/** Fills a template; throws when a placeholder it uses has no value. */
export function renderTemplate(text: string, values: TemplateValues): string {
  const args = (values.ARGS ?? []).map((a) => `, ${JSON.stringify(a)}`).join('');
  const out = text.replaceAll('{{ARGS}}', args).replace(/\{\{([A-Z]+)\}\}/g, (whole, key: string) => {
    const v = (values as unknown as Record<string, unknown>)[key];
    if (typeof v !== 'string' || v === '') {
      throw new PlatformError(PlatformErrorCode.InvalidInput, `the template needs a value for ${key}`, {
        key,
      });
    }
    return v;
  });
  // The comment line names the placeholder syntax itself; anything else left over is a bug.
  if (/\{\{[A-Z]+\}\}/.test(out.split('\n').slice(3).join('\n'))) {
    throw new PlatformError(PlatformErrorCode.InvalidInput, 'unfilled placeholders remain', {});
  }
  return out;
}

/**
 * `mcp config import <file>`: bring servers from a client's JSON config into config.yaml.
 * @module
 */
import fs from 'node:fs/promises';

import { PlatformError, PlatformErrorCode } from '../errors.js';

import type { CliContext } from './context.js';

/** Imports the servers of `file` into the given (or active) profile. */
export async function importFile(
  ctx: CliContext,
  file: string,
  opts: { profile?: string; dryRun?: boolean },
): Promise<void> {
  let doc: unknown;
  try {
    const text = await fs.readFile(file, 'utf8');
    doc = JSON.parse(stripJsonComments(text));
  } catch (err) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `cannot read ${file}: ${(err as Error).message}`,
      { file },
      { cause: err, hint: 'pass a JSON file with a "mcpServers" object' },
    );
  }
  const { planImport } = await import('../config/import.js');
  const { addServer } = await import('../config/edit.js');
  const store = await ctx.config();
  const { config } = await store.load();
  const plan = planImport(doc, config.servers);
  const profile = opts.profile ?? config.activeProfile;
  if (!opts.dryRun && Object.keys(plan.servers).length > 0) {
    await store.update((raw, current) => {
      const fresh = planImport(doc, current.servers);
      for (const [name, def] of Object.entries(fresh.servers)) addServer(raw, name, def, profile);
    });
  }
  const imported = Object.keys(plan.servers);
  ctx.out.result(
    { imported, changes: plan.changes, skipped: plan.skipped, profile, dryRun: !!opts.dryRun },
    () => {
      const verb = opts.dryRun ? 'would import' : 'imported';
      ctx.out.success(
        `${verb} ${imported.length} server${imported.length === 1 ? '' : 's'} into profile "${profile}"${imported.length ? `: ${imported.join(', ')}` : ''}`,
      );
      for (const c of plan.changes) ctx.out.line(`  ${c}`);
      for (const s of plan.skipped) ctx.out.line(`  skipped ${s}`);
    },
  );
}

/** Removes // and /* *\/ comments and trailing commas outside strings (VS Code writes JSONC). */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

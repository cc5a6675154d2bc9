/**
 * `mcp config edit`: edit a copy in $EDITOR, validate it, then replace config.yaml atomically.
 * @module
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';

import type { CliContext } from './context.js';

/** Runs the edit loop once; an invalid edit is kept in a temp file whose path is printed. */
export async function editConfig(ctx: CliContext): Promise<void> {
  const store = await ctx.config();
  await store.init();
  const original = await fs.readFile(ctx.paths.config, 'utf8');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-config-'));
  const tmp = path.join(dir, 'config.yaml');
  await fs.writeFile(tmp, original, { mode: 0o600 });
  const editor = ctx.env.editor ?? 'vi';
  const [cmd, ...args] = editor.split(/\s+/).filter(Boolean);
  const res = spawnSync(cmd!, [...args, tmp], { stdio: 'inherit' });
  if (res.error || res.status !== 0) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `editor "${editor}" failed: ${res.error?.message ?? `exit code ${res.status}`}`,
      undefined,
      { hint: 'set EDITOR to an editor that waits until the file is closed (e.g. "code --wait")' },
    );
  }
  const edited = await fs.readFile(tmp, 'utf8');
  if (edited === original) {
    await fs.rm(dir, { recursive: true, force: true });
    ctx.out.line('no changes');
    return;
  }
  try {
    await store.replaceText(edited);
  } catch (err) {
    if (err instanceof PlatformError) {
      throw new PlatformError(err.code, `${err.message.replace(ctx.paths.config, 'your edit')}`, err.data, {
        hint: `config.yaml was not changed; your edit is kept in ${tmp}`,
      });
    }
    throw err;
  }
  await fs.rm(dir, { recursive: true, force: true });
  ctx.out.success(`saved ${ctx.paths.config}`);
}

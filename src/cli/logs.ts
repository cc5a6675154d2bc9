/**
 * `mcp server logs <name> [-f] [-n N]`: from the running platform when there is one, else from the
 * server's log file under `MCP_HOME/logs`.
 * @module
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';
import { findPlatform } from '../platform/control-client.js';

import type { CliContext } from './context.js';

/** Prints (and optionally follows) a server's log. */
export async function serverLogs(
  ctx: CliContext,
  name: string,
  opts: { lines: number; follow: boolean },
): Promise<void> {
  const client = await findPlatform(ctx.paths);
  if (client) {
    if (!opts.follow) {
      const res = await client.get<{ lines: string[] }>(
        `/api/v1/servers/${encodeURIComponent(name)}/logs?n=${opts.lines}`,
      );
      ctx.out.result(res, () => res.lines.forEach((l) => ctx.out.line(l)));
      return;
    }
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    await client.stream(
      `/api/v1/servers/${encodeURIComponent(name)}/logs?n=${opts.lines}&follow=1`,
      (item) => {
        const line = (item as { line: string }).line;
        process.stdout.write(ctx.out.json ? JSON.stringify({ line }) + '\n' : line + '\n');
      },
      abort.signal,
    );
    return;
  }
  const file = path.join(ctx.paths.logs, `${name}.log`);
  const { config } = await (await ctx.config()).load();
  if (!(name in config.servers)) {
    throw new PlatformError(
      PlatformErrorCode.ServerNotFound,
      `no server named "${name}"`,
      { name },
      { hint: 'see the configured servers with `mcp server list`' },
    );
  }
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter(Boolean).slice(-opts.lines);
  ctx.out.result({ name, lines, file }, () => lines.forEach((l) => ctx.out.line(l)));
  if (!opts.follow) return;
  let offset = Buffer.byteLength(text);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const size = await fs.stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size < offset) offset = 0;
    if (size === offset) continue;
    await new Promise<void>((resolve) => {
      createReadStream(file, { start: offset, end: size - 1 })
        .on('data', (d) => process.stdout.write(d))
        .on('end', () => resolve())
        .on('error', () => resolve());
    });
    offset = size;
  }
}

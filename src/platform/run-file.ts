/**
 * The run file `run/platform.json`: which process runs the platform for a home, and where its local
 * API listens. Validated on read; a file left by a crashed process is detected as stale.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import * as z from 'zod';

import { writeFileAtomic } from '../config/atomic-write.js';
import type { HomePaths } from '../config/paths.js';

/** What a running platform records about itself. */
export const runInfoSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  startedAt: z.string(),
  profile: z.string(),
  version: z.string(),
  /**
   * The gateway's request limit; its presence also says the platform serves WebSocket sessions on `/ws`
   * (platforms of earlier versions wrote no such field).
   */
  maxBodyBytes: z.number().int().positive().optional(),
});

/** Contents of the run file. */
export type RunInfo = z.infer<typeof runInfoSchema>;

/** The run file path and the control token path of a home. */
export function runFiles(paths: HomePaths): { info: string; token: string } {
  return { info: path.join(paths.run, 'platform.json'), token: path.join(paths.run, 'control.token') };
}

/** Whether a process with this pid exists (signal 0 probes without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the run file: `undefined` when absent, `stale: true` when its process is gone or it is invalid. */
export async function readRunInfo(
  paths: HomePaths,
): Promise<{ info: RunInfo; stale: boolean } | { info: undefined; stale: boolean }> {
  let text: string;
  try {
    text = await fs.readFile(runFiles(paths).info, 'utf8');
  } catch {
    return { info: undefined, stale: false };
  }
  const parsed = runInfoSchema.safeParse(safeJson(text));
  if (!parsed.success) return { info: undefined, stale: true };
  return { info: parsed.data, stale: !isAlive(parsed.data.pid) };
}

/** Writes the run file and the control token (mode 0600). */
export async function writeRunInfo(paths: HomePaths, info: RunInfo, token: string): Promise<void> {
  await fs.mkdir(paths.run, { recursive: true, mode: 0o700 });
  await writeFileAtomic(runFiles(paths).token, token, { mode: 0o600 });
  await writeFileAtomic(runFiles(paths).info, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

/** Removes the run file and token, but only when they still belong to `pid`. */
export async function removeRunInfo(paths: HomePaths, pid: number): Promise<void> {
  const current = await readRunInfo(paths);
  if (current.info && current.info.pid !== pid) return;
  await fs.rm(runFiles(paths).info, { force: true });
  await fs.rm(runFiles(paths).token, { force: true });
}

/** Reads the control token of the running platform. */
export async function readToken(paths: HomePaths): Promise<string> {
  return (await fs.readFile(runFiles(paths).token, 'utf8')).trim();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

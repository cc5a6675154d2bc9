/**
 * Atomic file writes: a temp file in the same directory, fsync, then rename over the target.
 * A reader never sees a half-written file, and a crash leaves the old file intact.
 * @module
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode of the new file (default: the old file's mode, else 0o644). */
  mode?: number;
  /** Copy the current file to this path first (for files the user owns). */
  backupPath?: string;
}

/**
 * Writes `data` to `file` atomically.
 * @example await writeFileAtomic('/home/ann/.mcp-platform/config.yaml', text, { backupPath: '...config.yaml.bak' })
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let mode = opts.mode;
  if (mode === undefined) {
    mode = await fs.stat(file).then(
      (s) => s.mode & 0o777,
      () => 0o644,
    );
  }
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    if (opts.backupPath) {
      await fs.copyFile(file, opts.backupPath).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

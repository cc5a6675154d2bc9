/**
 * A cross-process lock that serializes writers of config.yaml, so two CLI commands at once never lose an edit.
 * @module
 */
import lockfile from 'proper-lockfile';

import { PlatformError, PlatformErrorCode } from '../errors.js';

/**
 * Runs `fn` while holding the lock at `lockPath` (a directory created atomically; stale after 10 s
 * without refresh, so a crashed writer never blocks others for long).
 */
export async function withLock<T>(target: string, lockPath: string, fn: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      lockfilePath: lockPath,
      realpath: false,
      stale: 10_000,
      retries: { retries: 100, minTimeout: 10, maxTimeout: 150, factor: 1.5, randomize: true },
    });
  } catch (err) {
    throw new PlatformError(
      PlatformErrorCode.LockTimeout,
      `could not lock ${target}: another mcp command is writing it`,
      { file: target },
      { cause: err, hint: `wait for it to finish; if none runs, remove ${lockPath}` },
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Asks a package manager for the newest version of a package (for `mcp outdated`), with a deadline. A
 * registry that cannot be reached gives `unknown` with the reason, never a silent skip.
 * @module
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { LatestVersion } from './types.js';

const run = promisify(execFile);

/** Runs `argv` and picks the version out of its output with `parse`. */
export async function askRegistry(
  registry: string,
  argv: string[],
  parse: (stdout: string) => string | undefined,
): Promise<LatestVersion> {
  try {
    const { stdout } = await run(argv[0]!, argv.slice(1), { timeout: 30_000 });
    const version = parse(stdout);
    return version
      ? { status: 'known', version }
      : { status: 'unknown', reason: `${registry} did not name a version` };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { killed?: boolean };
    const why =
      e.code === 'ENOENT'
        ? `${argv[0]} is not installed`
        : e.killed
          ? 'no answer within 30 s'
          : `${argv.join(' ')} failed`;
    return { status: 'unknown', reason: `cannot check ${registry}: ${why}` };
  }
}

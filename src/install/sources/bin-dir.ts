/**
 * Finds the executable an ecosystem's install put into a bin directory: the one named as expected, else the
 * only one there; otherwise a clear error listing what is there.
 * @module
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../../errors.js';

/** Interpreter and tooling files a venv or pipx bin directory always holds. */
const NOT_SERVERS = /^(python|pip|activate|Activate|easy_install|wheel|deactivate)/;

/** The path of the executable in `binDir`: `preferred` if there, else the only candidate. */
export async function pickInstalledBin(binDir: string, preferred: string): Promise<string> {
  const names = (await readdir(binDir).catch(() => [] as string[])).filter((n) => !NOT_SERVERS.test(n));
  if (names.includes(preferred)) return path.join(binDir, preferred);
  if (names.length === 1) return path.join(binDir, names[0]!);
  throw new PlatformError(
    PlatformErrorCode.InstallFailed,
    names.length
      ? `the package installed no command named ${preferred} (it has: ${names.join(', ')})`
      : `the package installed no command at all into ${binDir}`,
    { binDir, names },
    { hint: 'add the server by hand with `mcp server add <name> -- <command>`' },
  );
}

/** Replaces the definition's `{bin:<dir>/<name>}` command by the executable found there. */
export async function resolveBinCommand(
  server: Record<string, unknown>,
  dir: string,
): Promise<Record<string, unknown>> {
  const command = typeof server.command === 'string' ? server.command : '';
  if (!command.startsWith('{dir}/')) return server;
  const full = command.replace('{dir}', dir);
  return { ...server, command: await pickInstalledBin(path.dirname(full), path.basename(full)) };
}

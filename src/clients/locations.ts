/**
 * Per-OS locations of client config files, as pure functions of a {@link ClientEnv}.
 * @module
 */
import path from 'node:path';

import type { ClientEnv } from './types.js';

/** `path.win32` on Windows, `path.posix` elsewhere (so Windows paths can be computed and tested anywhere). */
export function pathsFor(env: ClientEnv): path.PlatformPath {
  return env.platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The per-user application config directory: `~/.config` (or `$XDG_CONFIG_HOME`) on Linux,
 * `~/Library/Application Support` on macOS, `%APPDATA%` on Windows.
 */
export function appConfigDir(env: ClientEnv): string {
  const p = pathsFor(env);
  if (env.platform === 'win32') return env.appData ?? p.join(env.home, 'AppData', 'Roaming');
  if (env.platform === 'darwin') return p.join(env.home, 'Library', 'Application Support');
  return env.xdgConfig ?? p.join(env.home, '.config');
}

/** A path under the home directory. */
export function inHome(env: ClientEnv, ...parts: string[]): string {
  return pathsFor(env).join(env.home, ...parts);
}

/** A path under the project directory. */
export function inProject(env: ClientEnv, ...parts: string[]): string {
  return pathsFor(env).join(env.cwd, ...parts);
}

/**
 * A directory named by an environment variable, or undefined when it is unset, empty or (for the XDG and
 * Windows application-data directories, whose specifications allow absolute paths only) relative: an empty
 * `XDG_CONFIG_HOME=` must not put a client's config under the current directory.
 */
export function dirFromEnv(value: string | undefined, absoluteOnly = true): string | undefined {
  if (!value) return undefined;
  return !absoluteOnly || path.isAbsolute(value) ? value : undefined;
}

/** The client environment of this process (from the platform's env reader). */
export function currentClientEnv(vars: {
  home: string;
  appData?: string | undefined;
  xdgConfig?: string | undefined;
  codexHome?: string | undefined;
  cwd: string;
}): ClientEnv {
  return { platform: process.platform, ...vars };
}

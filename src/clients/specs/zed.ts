/**
 * Zed: `settings.json` in `~/.config/zed` (`%APPDATA%\Zed` on Windows) or `.zed/settings.json` of a project,
 * JSONC, servers under `context_servers`. A custom server is a command (`source: "custom"`, which Zed's
 * older settings require and newer ones accept), so the entry runs `mcp connect` with absolute paths and
 * the key and home in its environment, as for Claude Desktop.
 * @module
 */
import { appConfigDir, inProject, pathsFor } from '../locations.js';
import type { ClientEnv, ClientSpec } from '../types.js';

import { connectEntry } from './connect-entry.js';

/** Zed's own config directory: `~/.config/zed` on Linux (or under XDG_CONFIG_HOME) and macOS, `%APPDATA%\Zed`. */
function zedDir(env: ClientEnv): string {
  const p = pathsFor(env);
  if (env.platform === 'darwin') return p.join(env.home, '.config', 'zed');
  return p.join(appConfigDir(env), env.platform === 'win32' ? 'Zed' : 'zed');
}

export const zed: ClientSpec = {
  id: 'zed',
  label: 'Zed',
  format: 'jsonc',
  scopes: ['user', 'project'],
  path: (env, scope) =>
    scope === 'user'
      ? pathsFor(env).join(zedDir(env), 'settings.json')
      : inProject(env, '.zed', 'settings.json'),
  installedAt: (env) => zedDir(env),
  serversKey: 'context_servers',
  entry: (t) => ({ source: 'custom', ...connectEntry(t) }),
  notes: () => ['Zed starts the entry as a context server: see the Agent Panel settings for its state'],
};

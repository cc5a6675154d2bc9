/**
 * Claude Desktop: `claude_desktop_config.json`, `mcpServers`; stdio only, so the entry runs `mcp connect`
 * with absolute paths (it does not inherit a shell PATH) and the key and home in its environment.
 * @module
 */
import { appConfigDir, pathsFor } from '../locations.js';
import type { ClientSpec } from '../types.js';

import { connectEntry } from './connect-entry.js';

export const claudeDesktop: ClientSpec = {
  id: 'claude-desktop',
  label: 'Claude Desktop',
  format: 'json',
  scopes: ['user'],
  path: (env, scope) =>
    scope === 'user'
      ? pathsFor(env).join(appConfigDir(env), 'Claude', 'claude_desktop_config.json')
      : undefined,
  serversKey: 'mcpServers',
  entry: connectEntry,
  notes: () => ['restart Claude Desktop to load the new entry'],
};

/** Windsurf: `~/.codeium/windsurf/mcp_config.json`, `mcpServers`, `serverUrl` + `headers`. */
import { inHome } from '../locations.js';
import type { ClientSpec } from '../types.js';

import { bearer } from './http-entry.js';

export const windsurf: ClientSpec = {
  id: 'windsurf',
  label: 'Windsurf',
  format: 'json',
  scopes: ['user'],
  path: (env, scope) =>
    scope === 'user' ? inHome(env, '.codeium', 'windsurf', 'mcp_config.json') : undefined,
  serversKey: 'mcpServers',
  entry: (t) => ({ serverUrl: t.url, headers: bearer(t.key) }),
};

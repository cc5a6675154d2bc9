/** Cursor: `~/.cursor/mcp.json` (user) or `.cursor/mcp.json` (project), `mcpServers`, `url` + `headers`. */
import { inHome, inProject } from '../locations.js';
import type { ClientSpec } from '../types.js';

import { bearer } from './http-entry.js';

export const cursor: ClientSpec = {
  id: 'cursor',
  label: 'Cursor',
  format: 'json',
  scopes: ['user', 'project'],
  path: (env, scope) =>
    scope === 'user' ? inHome(env, '.cursor', 'mcp.json') : inProject(env, '.cursor', 'mcp.json'),
  serversKey: 'mcpServers',
  entry: (t) => ({ url: t.url, headers: bearer(t.key) }),
};

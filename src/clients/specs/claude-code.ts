/** Claude Code: `~/.claude.json` (user) or `.mcp.json` (project), `mcpServers`, `{type: "http", url, headers}`. */
import { inHome, inProject } from '../locations.js';
import type { ClientSpec } from '../types.js';

import { bearer } from './http-entry.js';

export const claudeCode: ClientSpec = {
  id: 'claude-code',
  label: 'Claude Code',
  format: 'json',
  scopes: ['user', 'project'],
  path: (env, scope) => (scope === 'user' ? inHome(env, '.claude.json') : inProject(env, '.mcp.json')),
  installedAt: (env) => inHome(env, '.claude'),
  serversKey: 'mcpServers',
  entry: (t) => ({ type: 'http', url: t.url, headers: bearer(t.key) }),
};

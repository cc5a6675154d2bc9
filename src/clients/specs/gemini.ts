/** Gemini CLI: `~/.gemini/settings.json` (user) or `.gemini/settings.json` (project), `mcpServers`, `httpUrl` + `headers`. */
import { inHome, inProject } from '../locations.js';
import type { ClientSpec } from '../types.js';

import { bearer } from './http-entry.js';

export const gemini: ClientSpec = {
  id: 'gemini',
  label: 'Gemini CLI',
  format: 'json',
  scopes: ['user', 'project'],
  path: (env, scope) =>
    scope === 'user' ? inHome(env, '.gemini', 'settings.json') : inProject(env, '.gemini', 'settings.json'),
  serversKey: 'mcpServers',
  entry: (t) => ({ httpUrl: t.url, headers: bearer(t.key) }),
};

/**
 * VS Code: `mcp.json` in the user settings folder (or `.vscode/mcp.json`), JSONC with top-level `servers`,
 * `{type: "http", url, headers}`.
 * @module
 */
import { appConfigDir, inProject, pathsFor } from '../locations.js';
import type { ClientSpec } from '../types.js';

import { bearer } from './http-entry.js';

export const vscode: ClientSpec = {
  id: 'vscode',
  label: 'VS Code',
  format: 'jsonc',
  scopes: ['user', 'project'],
  path: (env, scope) =>
    scope === 'user'
      ? pathsFor(env).join(appConfigDir(env), 'Code', 'User', 'mcp.json')
      : inProject(env, '.vscode', 'mcp.json'),
  serversKey: 'servers',
  entry: (t) => ({ type: 'http', url: t.url, headers: bearer(t.key) }),
};

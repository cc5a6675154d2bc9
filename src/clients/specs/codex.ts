/**
 * Codex: `config.toml` in `$CODEX_HOME` (default `~/.codex`), `[mcp_servers.<name>]` with `url` and
 * `bearer_token_env_var`: the key itself stays out of the file, in the environment Codex runs with.
 * @module
 */
import { inHome, pathsFor } from '../locations.js';
import type { ClientSpec } from '../types.js';

/** The environment variable Codex reads the key from. */
export const CODEX_KEY_VAR = 'MCP_PLATFORM_API_KEY';

export const codex: ClientSpec = {
  id: 'codex',
  label: 'Codex',
  format: 'toml',
  scopes: ['user'],
  path: (env, scope) =>
    scope === 'user'
      ? env.codexHome
        ? pathsFor(env).join(env.codexHome, 'config.toml')
        : inHome(env, '.codex', 'config.toml')
      : undefined,
  serversKey: 'mcp_servers',
  entry: (t) => ({ url: t.url, bearer_token_env_var: CODEX_KEY_VAR }),
  notes: (t) => [
    `Codex reads the key from ${CODEX_KEY_VAR}: add \`export ${CODEX_KEY_VAR}=${t.key}\` to the shell profile Codex starts from`,
  ],
};

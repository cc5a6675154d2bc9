/**
 * The platform side of client configuration for the CLI: where files are, the state file, API keys, and
 * the gateway entry's target.
 * @module
 */
import path from 'node:path';

import type { ClientDeps } from '../clients/manager.js';
import { dirFromEnv } from '../clients/locations.js';
import { ClientState } from '../clients/state.js';
import { lookupEnvVar } from '../config/env.js';

import type { CliContext } from './context.js';
import { packageRoot } from './package-root.js';

/** Builds the dependencies of the client operations for this home. */
export async function clientDeps(ctx: CliContext): Promise<ClientDeps> {
  const { config } = await (await ctx.config()).load();
  const host = ['0.0.0.0', '::', ''].includes(config.gateway.host) ? '127.0.0.1' : config.gateway.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.gateway.port}/mcp`;
  const { withStorage } = await import('./storage.js');
  const { createApiKey, findApiKey, hashKey, revokeApiKey } = await import('../auth/api-keys.js');
  return {
    env: {
      platform: process.platform,
      home: ctx.env.userHome,
      appData: dirFromEnv(lookupEnvVar('APPDATA')),
      xdgConfig: dirFromEnv(lookupEnvVar('XDG_CONFIG_HOME')),
      codexHome: dirFromEnv(lookupEnvVar('CODEX_HOME'), false),
      cwd: process.cwd(),
    },
    state: new ClientState(ctx.paths.home, ctx.paths.backups),
    createKey: (name) =>
      withStorage(ctx, async (s) => {
        const { key, record } = await createApiKey(s.apiKeys, { name, scopes: ['mcp'] });
        return { key, id: record.id };
      }),
    revokeKey: (id) =>
      withStorage(ctx, async (s) => {
        const k = await findApiKey(s.apiKeys, id).catch(() => undefined);
        if (k) await revokeApiKey(s.apiKeys, k.id);
      }),
    keyState: (key) =>
      withStorage(ctx, async (s) => {
        const record = await s.apiKeys.findByHash(hashKey(key));
        return !record ? 'unknown' : record.revokedAt !== null ? 'revoked' : 'active';
      }),
    target: (key, profile) => ({
      url,
      key,
      home: ctx.paths.home,
      profile,
      node: process.execPath,
      bin: path.join(packageRoot(), 'bin', 'mcp.js'),
    }),
  };
}

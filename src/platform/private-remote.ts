/**
 * A private upstream for a remote server (`share: per-session`): its own connection and MCP session for
 * one gateway client session, declaring that client's capabilities, reconnecting like any remote
 * connection, and closed when the session lets it go.
 * @module
 */
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { RemoteServerConfig } from '../config/schema.js';
import type { PrivateUpstream } from '../runtime/private-upstream.js';
import { RemoteConnection, type RemoteConnectionOptions } from '../transports/index.js';

/** Connects a private session to `def`; rejects with the first attempt's error (nothing is left open). */
export async function openPrivateRemote(
  def: RemoteServerConfig,
  options: RemoteConnectionOptions,
  capabilities: ClientCapabilities,
): Promise<PrivateUpstream> {
  const conn = new RemoteConnection(def, { ...options, clientOptions: { capabilities } });
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  conn.on('state', (c) => {
    if (c.to === 'failed' || c.to === 'stopped') markEnded();
  });
  try {
    await conn.start();
  } catch (err) {
    await conn.stop().catch(() => undefined);
    conn.removeAllListeners();
    throw err;
  }
  return {
    client: conn.client,
    pid: undefined,
    ended,
    close: async () => {
      await conn.stop();
      conn.removeAllListeners();
      markEnded();
    },
  };
}

/**
 * What a gateway endpoint with its own transport (legacy SSE, WebSocket) needs to open sessions that behave
 * exactly like the Streamable HTTP ones.
 * @module
 */
import type { IncomingMessage } from 'node:http';

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

import type { Logger } from '../observability/logger.js';

import type { DownstreamSession } from './downstream-session.js';
import type { Scope } from './gateway-context.js';
import type { SessionRegistry } from './session-registry.js';

/** The session machinery an endpoint shares with the gateway handler. */
export interface SessionOpener {
  sessions: SessionRegistry;
  /** The scope of `pathname` under `base`: null when not under it, undefined for an unknown server. */
  scopeAt(base: string, pathname: string): Scope | null | undefined;
  /** A new, unopened session on `transport`, owned by `owner`, limited to the key's `keyTools`. */
  createSession(
    scope: Scope,
    transport: Transport,
    owner: string,
    keyTools: readonly string[],
  ): DownstreamSession;
  /** The tool allowlist of the request's API key. */
  keyToolsOf(req: IncomingMessage): Promise<readonly string[]>;
  /** The fingerprint of a request's credential (see `GatewayHandlerOptions.principalOf`). */
  principalOf(req: IncomingMessage): string;
  logger: Logger;
}

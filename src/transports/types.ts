/**
 * Shared types of the transports layer: the transport kinds and the `RemoteTransport` contract. The injected
 * clock, randomness, timers and logger are shared by every layer and live in `core/types.ts`.
 * @module
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

import type { LeveledLogger } from '../core/types.js';

/** The wire protocols an upstream connection can speak. `auto` is a strategy, not a kind. */
export type TransportKind = 'streamable-http' | 'sse' | 'websocket' | 'unix';

/** Every transport kind, in the order `mcp transport list` shows them. */
export const TRANSPORT_KINDS: readonly TransportKind[] = ['streamable-http', 'sse', 'websocket', 'unix'];

/**
 * An SDK `Transport` that also says which wire protocol it speaks. `kind` is `undefined` only for the
 * `auto` transport before its first message has been sent (the choice needs the server's answer).
 */
export interface RemoteTransport extends Transport {
  readonly kind: TransportKind | undefined;
}

/**
 * The leveled logger the transports take.
 * @deprecated Use `LeveledLogger` from `core/types.ts`; this alias only keeps existing imports working.
 */
export type TransportLogger = LeveledLogger;

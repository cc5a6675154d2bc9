/**
 * Options of `RemoteConnection`, and their resolution into settings with every default filled in.
 * @module
 */
import type { ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';

import type { RemoteServerConfig } from '../config/schema.js';
import type { TemplateResolvers } from '../config/template.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../core/backoff.js';
import {
  silentLogger,
  systemTimers,
  type Clock,
  type LeveledLogger,
  type RandomFn,
  type Timers,
} from '../core/types.js';
import type { StateChange } from './connection-state.js';
import { createTransport, type CreateTransportOptions } from './create-transport.js';

/** The part of a remote server definition a connection needs. */
export type RemoteConnectionTarget = Pick<RemoteServerConfig, 'url' | 'transport' | 'headers'>;

/** Options of `RemoteConnection`; everything but `name` and `resolvers` has a default. */
export interface RemoteConnectionOptions {
  /** Server name, used in logs and health. */
  name: string;
  /** Resolve `${ENV}` / `${secret:NAME}` in header values, at every connect. */
  resolvers: TemplateResolvers;
  /** How this client introduces itself. Default `mcp-platform`. */
  clientInfo?: Implementation;
  /** Client capabilities and SDK options. */
  clientOptions?: ClientOptions;
  /** Deadline for opening the transport and initializing. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Deadline for each tools/list page. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Ping period while running; 0 disables pings. Default 30 000 ms. */
  pingIntervalMs?: number;
  /** Deadline of one ping. Default 5 000 ms. */
  pingTimeoutMs?: number;
  /** Consecutive failed pings that count as a lost connection. Default 3. */
  maxFailedPings?: number;
  /** Reconnect delays. Default 1 s doubling to 30 s, up to 20 % jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Consecutive failed attempts before giving up (state `failed`). Default: never give up. */
  maxAttempts?: number;
  /** Passed to the transport factory. */
  transportOptions?: Omit<CreateTransportOptions, 'onSessionRenewed'>;
  /** The transport factory; injectable for tests. */
  createTransport?: typeof createTransport;
  clock?: Clock;
  random?: RandomFn;
  timers?: Timers;
  logger?: LeveledLogger;
}

/** Events of a `RemoteConnection`. */
export type RemoteConnectionEvents = {
  /** Every state change. */
  state: [change: StateChange];
  /** The server forgot the session and it was transparently re-initialized. */
  'session-renewed': [];
  /** The tool count was refreshed. */
  tools: [count: number];
};

/** `RemoteConnectionOptions` with every default applied. */
export interface ResolvedConnectionOptions {
  readonly name: string;
  readonly resolvers: TemplateResolvers;
  readonly clientInfo: Implementation;
  readonly clientOptions: ClientOptions | undefined;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly maxFailedPings: number;
  readonly backoff: Readonly<BackoffOptions>;
  readonly maxAttempts: number;
  readonly transportOptions: Omit<CreateTransportOptions, 'onSessionRenewed'>;
  readonly createTransport: typeof createTransport;
  readonly clock: Clock;
  readonly random: RandomFn;
  readonly timers: Timers;
  readonly logger: LeveledLogger;
}

/** Fills in the defaults. */
export function resolveConnectionOptions(o: RemoteConnectionOptions): ResolvedConnectionOptions {
  return {
    name: o.name,
    resolvers: o.resolvers,
    clientInfo: o.clientInfo ?? { name: 'mcp-platform', version: '0.1.0' },
    clientOptions: o.clientOptions,
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    requestTimeoutMs: o.requestTimeoutMs ?? 30_000,
    pingIntervalMs: o.pingIntervalMs ?? 30_000,
    pingTimeoutMs: o.pingTimeoutMs ?? 5_000,
    maxFailedPings: o.maxFailedPings ?? 3,
    backoff: { ...DEFAULT_BACKOFF, ...o.backoff },
    maxAttempts: o.maxAttempts ?? Number.POSITIVE_INFINITY,
    transportOptions: o.transportOptions ?? {},
    createTransport: o.createTransport ?? createTransport,
    clock: o.clock ?? Date,
    random: o.random ?? Math.random,
    timers: o.timers ?? systemTimers,
    logger: o.logger ?? silentLogger,
  };
}

/**
 * The upstream connection's state machine (a pure transition table) and its health snapshot shape.
 * @module
 */
import type { TransportKind } from './types.js';

/** Where an upstream connection is in its life. */
export enum ConnectionState {
  /** Created, `start()` not called yet. */
  Idle = 'idle',
  /** Resolving headers, opening the transport, initializing, listing tools. */
  Connecting = 'connecting',
  /** Initialized; the `client` can be used. */
  Running = 'running',
  /** Waiting before the next connect attempt. */
  Backoff = 'backoff',
  /** Stopped on request. */
  Stopped = 'stopped',
  /** Gave up: a permanent error (bad URL, missing secret) or too many failed attempts. */
  Failed = 'failed',
}

/** What can happen to a connection. */
export type ConnectionEvent =
  'start' | 'connected' | 'attempt-failed' | 'give-up' | 'lost' | 'retry' | 'stop';

const S = ConnectionState;
const TRANSITIONS: Readonly<Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>>> = {
  [S.Idle]: { start: S.Connecting, stop: S.Stopped },
  [S.Connecting]: { connected: S.Running, 'attempt-failed': S.Backoff, 'give-up': S.Failed, stop: S.Stopped },
  [S.Running]: { lost: S.Backoff, stop: S.Stopped },
  [S.Backoff]: { retry: S.Connecting, stop: S.Stopped },
  [S.Stopped]: { start: S.Connecting },
  [S.Failed]: { start: S.Connecting, stop: S.Stopped },
};

/**
 * The state after `event`, or `undefined` if the event does not apply in `state`.
 *
 * @example
 * nextState(ConnectionState.Running, 'lost'); // ConnectionState.Backoff
 */
export function nextState(state: ConnectionState, event: ConnectionEvent): ConnectionState | undefined {
  return TRANSITIONS[state][event];
}

/** A state change, as emitted on the connection's `state` event. */
export interface StateChange {
  from: ConnectionState;
  to: ConnectionState;
  /** Why, for `backoff` and `failed` (secrets redacted). */
  error?: string;
  /** Clock time of the change. */
  at: number;
}

/** The last error seen, secrets redacted. */
export interface LastError {
  message: string;
  /** A `PlatformErrorCode` (`TransportError`, header templates), or the HTTP status of an SDK HTTP error. */
  code?: string | number;
  at: number;
}

/** A point-in-time view of one upstream connection, for `/health`, the API and `mcp server status`. */
export interface ConnectionHealth {
  name: string;
  state: ConnectionState;
  /** The wire protocol in use (for `auto`, the one chosen); undefined before the first connect. */
  transport: TransportKind | undefined;
  /** Time in `running` since the last (re)connect; 0 when not running. */
  uptimeMs: number;
  /** Successful reconnects after the first connect. */
  reconnects: number;
  /** Transparent re-initializations after the server forgot the session. */
  sessionRenewals: number;
  lastError: LastError | undefined;
  /** Number of tools at the last listing. */
  tools: number;
  /** Round trip of the last successful ping. */
  pingMs: number | undefined;
  messagesIn: number;
  messagesOut: number;
  /** Bytes of JSON text received (not counting framing). */
  bytesIn: number;
  /** Bytes of JSON text sent (not counting framing). */
  bytesOut: number;
  /** Errors seen (transport errors, failed attempts, failed pings). */
  errors: number;
  serverInfo: { name: string; version: string } | undefined;
  protocolVersion: string | undefined;
}

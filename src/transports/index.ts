/**
 * Upstream transports: every way the platform reaches a remote MCP server, behind the SDK's `Transport`
 * interface, plus the supervised `RemoteConnection` and the one-shot `probeRemote`.
 * @module
 */
export { AutoTransport, type AutoTransportCandidates } from './auto-transport.js';
export {
  resolveConnectionOptions,
  type RemoteConnectionEvents,
  type RemoteConnectionOptions,
  type RemoteConnectionTarget,
  type ResolvedConnectionOptions,
} from './connection-options.js';
export {
  ConnectionState,
  nextState,
  type ConnectionEvent,
  type ConnectionHealth,
  type LastError,
  type StateChange,
} from './connection-state.js';
export {
  createTransport,
  resolveTransportStrategy,
  transportRegistry,
  type CreateTransportOptions,
  type RemoteEndpoint,
  type TransportConstructor,
  type TransportStrategy,
} from './create-transport.js';
export {
  NonRetryableTransportError,
  TransportError,
  isConnectionLost,
  isLegacyServerResponse,
  isPermanentError,
  isSessionExpiredError,
  unresponsiveError,
  type TransportErrorCode,
} from './errors.js';
export { MeteredTransport, emptyTraffic, type TrafficCounters } from './metered-transport.js';
export { probeRemote, probeTransport, type ProbeOptions, type ProbeResult } from './probe.js';
export { redactSecrets, redactUrl, secretsOf } from './redact.js';
export { RemoteConnection } from './remote-connection.js';
export { SseTransport, type SseOptions } from './sse.js';
export { StreamableHttpTransport, type StreamableHttpOptions } from './streamable-http.js';
export { withTimeout } from './timeout.js';
export { TRANSPORT_KINDS, type RemoteTransport, type TransportKind, type TransportLogger } from './types.js';
export {
  SocketTransport,
  UnixSocketClientTransport,
  UnixSocketServerTransport,
  listenUnixSocket,
  socketPathFromUrl,
  type UnixSocketClientOptions,
  type UnixSocketListener,
} from './unix-socket.js';
export {
  MCP_SUBPROTOCOL,
  WebSocketClientTransport,
  type WebSocketClientOptions,
} from './websocket-client.js';
// Shared with the runtime; defined in core/ and re-exported here for the connection options that take them.
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions, type JitterRule } from '../core/backoff.js';
export { listAllTools } from '../core/list-tools.js';
export { PingMonitor, type PingMonitorOptions } from '../core/ping-monitor.js';
export {
  silentLogger,
  systemTimers,
  type Clock,
  type LeveledLogger,
  type RandomFn,
  type TimerHandle,
  type Timers,
} from '../core/types.js';

/**
 * The unified MCP gateway: one endpoint in front of every server of the running profile.
 * @module
 */
export { createGatewayHandler, type GatewayHandler, type GatewayHandlerOptions } from './http-handler.js';
export { GATEWAY_CAPABILITIES } from './downstream-session.js';
export type { GatewayEvents, GatewaySessionInfo } from './session-info.js';
export { GatewayErrorCode } from './errors.js';
export {
  TransportRelay,
  type RelayEnd,
  type RelayFailure,
  type TransportRelayOptions,
} from './transport-relay.js';
export {
  ResumingUpstream,
  type ResumingUpstreamOptions,
  type UpstreamConnection,
} from './resuming-upstream.js';
export { UPSTREAM_CLIENT_CAPABILITIES, type GatewayPlatform } from './upstream-pool.js';
export { ToolIntegrity, toolHash, type IntegrityMode, type PendingChange } from './tool-integrity.js';
export {
  DEFAULT_MAX_NAME_LENGTH,
  DEFAULT_SEPARATOR,
  RESOURCE_URI_SCHEME,
  exposedName,
  exposedUri,
  parseExposedUri,
  separatorWarning,
} from './namespacing.js';

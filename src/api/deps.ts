/**
 * What the control API and its routes need from the running platform. `mcp up` builds it; every I/O
 * dependency comes in through here, so the API module itself opens no files, stores or processes.
 * @module
 */
import type { CatalogEntry } from '../catalog/index.js';
import type { ClientDeps } from '../clients/manager.js';
import type { HomePaths } from '../config/paths.js';
import type { PlatformConfig } from '../config/schema.js';
import type { GatewayHandler } from '../gateway/index.js';
import type { InstallReport } from '../install/flow.js';
import type { CallSeries } from '../observability/call-series.js';
import type { Logger } from '../observability/logger.js';
import type { PlatformMetrics } from '../observability/metrics.js';
import type { Platform } from '../platform/platform.js';
import type { PlatformStatus } from '../platform/status.js';
import type { Storage } from '../store/index.js';

import type { EventHub } from './event-hub.js';
import type { LoginSessions } from './login-sessions.js';

/** An API key as the API knows it (never its value). */
export interface KeyIdentity {
  id: string;
  name: string;
  scopes: readonly string[];
}

/** What `install` is asked to do. */
export interface InstallRequest {
  ref: string;
  name?: string | undefined;
  profile?: string | undefined;
  env: Record<string, string>;
  dryRun: boolean;
  verify: boolean;
}

/** The config store as routes use it (a `ConfigStore`). */
export interface ConfigAccess {
  load(): Promise<{ config: PlatformConfig; raw: Record<string, unknown> }>;
  update<T>(mutate: (raw: Record<string, unknown>, current: PlatformConfig) => T): Promise<T>;
}

/** Everything the control API needs. */
export interface ApiDeps {
  platform: Platform;
  /** The control token (from `run/control.token`): every scope. */
  token: string;
  bindHost: string;
  allowedOrigins: readonly string[];
  logger: Logger;
  /** Platform-level facts for `/api/v1/status`. */
  describe(): PlatformStatus['platform'];
  /** True once every enabled server has had its first start attempt. */
  isReady(): boolean;
  /** True while shutting down: new requests get 503. */
  isClosing(): boolean;
  /** The key behind a presented value, unrevoked; undefined for anything else. */
  identifyKey?(key: string): Promise<KeyIdentity | undefined>;
  /** {@link identifyKey} answered from memory when the key was verified just now; undefined otherwise. */
  recallKey?(key: string): KeyIdentity | undefined;
  /** Prometheus metrics served at `/metrics`. */
  metrics?: PlatformMetrics;
  /** Serve `/metrics` without a key. */
  publicMetrics?: boolean;
  /** The MCP gateway (`/mcp`, `/mcp/<server>`, legacy `/sse`, `/messages`), served after the edge checks. */
  gateway?: GatewayHandler;
  /** The gateway's name separator (`gateway.separator`), to tell a tool's server from its exposed name. */
  separator?: string;
  /** Require an API key with the `mcp` scope (or the control token) on the gateway. Default true. */
  gatewayAuth?: boolean;
  /** Reloads config.yaml and reconciles (`POST /api/v1/reload`); resolves with the plan applied. */
  reload?(): Promise<unknown>;
  /** Largest request body on the gateway; a larger declared Content-Length gets 413 before reading. */
  maxBodyBytes?: number;
  /** The base URL the API itself reaches the gateway at (`http://127.0.0.1:<port>`). */
  selfUrl?(): string;
  /** config.yaml: atomic, locked and backed-up edits. */
  config?: ConfigAccess;
  /** Operational state of the running platform. */
  storage?: Pick<Storage, 'apiKeys' | 'audit' | 'kv' | 'dump'>;
  paths?: HomePaths;
  /** Per-second statistics of forwarded calls. */
  calls?: CallSeries;
  /** State changes for `/api/v1/events`. */
  events?: EventHub;
  /** Dashboard logins (cookie sessions). */
  logins?: LoginSessions;
  /** Tells the key verifier a key was revoked (it remembers valid keys for a moment). */
  forgetKey?(id: string): void;
  /** The catalog (bundled and synced). */
  catalog?(): Promise<CatalogEntry[]>;
  /** Runs the install flow (`src/install/flow.ts`), reporting progress lines. */
  install?(request: InstallRequest, progress: (text: string) => void): Promise<InstallReport>;
  /** Removes an installed server (config entry, files, secrets). */
  uninstall?(name: string): Promise<{ name: string; removed: string[] }>;
  /** What the client-config operations need, pointing clients at this platform. */
  clients?(): Promise<ClientDeps>;
  /** Where the built dashboard is (`dist/dashboard`); without it `/` answers 404. */
  dashboardDir?: string;
}

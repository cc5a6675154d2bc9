/**
 * What every client session of one gateway shares, and how a session's handlers see one request.
 * @module
 */
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import type { Abortable } from './cancellation.js';
import type { NamedItem } from './catalog.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { ToolIntegrity } from './tool-integrity.js';
import type { InflightCalls } from './inflight-calls.js';
import type { ListKind } from './list-cache.js';
import type { NameStyle, NamingOptions } from './namespacing.js';
import type { ListSnapshots } from './pagination.js';
import type { DownstreamExtra, JsonObject } from './passthrough.js';
import type { SubscriptionTable } from './subscriptions.js';
import type { ToolPolicy } from './tool-policy.js';
import type { GatewayPlatform, UpstreamPool } from './upstream-pool.js';

/** Options of a forwarded request: the SDK's, and the downstream request's cancellation in place of `signal`. */
export type UpstreamRequestOptions = RequestOptions & { cancel?: Abortable | undefined };

/** Where a session's requests to one server go: the shared pool, or the session's private upstreams. */
export interface UpstreamAccess {
  request(
    server: string,
    method: string,
    params: JsonObject,
    options?: UpstreamRequestOptions,
  ): Promise<JsonObject>;
  list(server: string, kind: ListKind, deadlineMs?: number): Promise<NamedItem[] | undefined>;
  /** The list when it is at hand and fresh, without waiting; undefined when `list` has to be asked. */
  peek?(server: string, kind: ListKind): NamedItem[] | undefined;
}

/** The servers a session sees and how it names their tools, prompts and resources. */
export interface Scope {
  /** Servers in profile order (one for `/mcp/<server>`). */
  readonly servers: readonly string[];
  /** `prefixed` on `/mcp`, `original` on `/mcp/<server>`. */
  readonly style: NameStyle;
}

/** Shared state of one gateway. */
export interface GatewayContext {
  readonly platform: GatewayPlatform;
  readonly upstreams: UpstreamPool;
  readonly calls: InflightCalls;
  readonly subscriptions: SubscriptionTable;
  readonly naming: NamingOptions;
  readonly policy: ToolPolicy;
  readonly logger: Logger;
  /** Tool pinning and vetting, when the gateway has storage for pins. */
  readonly integrity?: ToolIntegrity | undefined;
  /** The circuit breaker of a server. */
  breaker(server: string): CircuitBreaker;
  /**
   * Deadlines of a request to `server` (`tool`: the tool of a tools/call, else ''): `timeout` restarts on
   * progress, `maxTotalTimeout` does not.
   */
  deadlines(server: string, tool: string): { timeout: number; maxTotalTimeout: number };
  /** Most items of one page of an aggregated list (see `pagination.ts`). */
  readonly pageSize: number;
  /** Recomputes the log level each of these servers should run at and forwards it. */
  syncLogLevels(servers: readonly string[]): void;
  /** Session `sessionId` told `server` (a shared upstream) that its roots changed. */
  rootsChanged?(server: string, sessionId: string): void;
  /** Logs a warning the first time this message occurs. */
  warnOnce(message: string, fields?: Record<string, unknown>): void;
  /** Called after every forwarded request (metrics). `tool` is the upstream tool name for tools/call, else ''. */
  observe?(server: string, method: string, tool: string, seconds: number, ok: boolean): void;
}

/** The session side of a request, as handlers see it. */
export interface SessionView {
  readonly id: string;
  readonly scope: Scope;
  logLevel: LoggingLevel | undefined;
  /** The session's list snapshots, which the cursors it was given point into. */
  readonly snapshots: ListSnapshots;
  /** The tool policy of this session: the profile's, narrowed by its API key's allowlist. */
  readonly toolPolicy: ToolPolicy;
  /** Whether `server` runs privately for this session (`share: per-session`). */
  isPrivate(server: string): boolean;
  /** Where requests to `server` go for this session. */
  upstreamFor(server: string): UpstreamAccess;
  /** Applies the session's log level to its private upstreams. */
  applyLogLevel(): void;
}

/** One downstream request being handled. */
export interface Call {
  readonly ctx: GatewayContext;
  readonly session: SessionView;
  /** The JSON-RPC method. */
  readonly method: string;
  readonly params: JsonObject;
  readonly extra: DownstreamExtra;
}

/** Handles one MCP method for a session; resolves with the raw result. */
export type MethodHandler = (call: Call) => Promise<JsonObject>;

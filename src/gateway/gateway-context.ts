/**
 * What every client session of one gateway shares, and how a session's handlers see one request.
 * @module
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import type { InflightCalls } from './inflight-calls.js';
import type { NameStyle, NamingOptions } from './namespacing.js';
import type { ListSnapshots } from './pagination.js';
import type { DownstreamExtra, JsonObject } from './passthrough.js';
import type { SubscriptionTable } from './subscriptions.js';
import type { ToolPolicy } from './tool-policy.js';
import type { UpstreamPool } from './upstream-pool.js';

/** The servers a session sees and how it names their tools, prompts and resources. */
export interface Scope {
  /** Servers in profile order (one for `/mcp/<server>`). */
  readonly servers: readonly string[];
  /** `prefixed` on `/mcp`, `original` on `/mcp/<server>`. */
  readonly style: NameStyle;
}

/** Shared state of one gateway. */
export interface GatewayContext {
  readonly upstreams: UpstreamPool;
  readonly calls: InflightCalls;
  readonly subscriptions: SubscriptionTable;
  readonly naming: NamingOptions;
  readonly policy: ToolPolicy;
  readonly logger: Logger;
  /** Most items of one page of an aggregated list (see `pagination.ts`). */
  readonly pageSize: number;
  /** Recomputes the log level each of these servers should run at and forwards it. */
  syncLogLevels(servers: readonly string[]): void;
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
}

/** One downstream request being handled. */
export interface Call {
  readonly ctx: GatewayContext;
  readonly session: SessionView;
  readonly params: JsonObject;
  readonly extra: DownstreamExtra;
}

/** Handles one MCP method for a session; resolves with the raw result. */
export type MethodHandler = (call: Call) => Promise<JsonObject>;

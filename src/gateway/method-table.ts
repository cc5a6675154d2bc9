/**
 * Which handler answers a client request on a session: the forwarded methods (tools, resources, prompts,
 * completion, logging), and on `/mcp/<server>` anything else, passed to that one server unchanged; and how
 * an answer's error is written.
 * @module
 */
import { ErrorCode, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';

import { invalidParams, wireMessage } from './errors.js';
import { forward } from './forward.js';
import type { MethodHandler, Scope } from './gateway-context.js';
import { isLogLevel } from './log-levels.js';
import { promptMethods } from './prompt-methods.js';
import { resourceMethods } from './resource-methods.js';
import { toolMethods } from './tool-methods.js';

const setLevel: MethodHandler = async (call) => {
  const { level } = call.params;
  if (!isLogLevel(level)) throw invalidParams(`invalid logging level: ${String(level)}`);
  call.session.logLevel = level;
  call.ctx.syncLogLevels(call.session.scope.servers);
  call.session.applyLogLevel();
  return {};
};

/**
 * Any other method on `/mcp/<server>`: nothing to rename, so it goes to the one server as it is (a method
 * the server does not know comes back as its own "Method not found").
 */
const passThrough: MethodHandler = (call) =>
  forward(call, call.session.scope.servers[0]!, call.method, call.params);

const METHODS: Record<string, MethodHandler> = {
  ...toolMethods,
  ...resourceMethods,
  ...promptMethods,
  'logging/setLevel': setLevel,
};

/** Whether a request belongs to a task (the SDK's task machinery handles those). */
export function isTaskRelated(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return false;
  const p = params as { task?: unknown; _meta?: Record<string, unknown> };
  return p.task !== undefined || p._meta?.[RELATED_TASK_META_KEY] !== undefined;
}

/** A thrown error as a JSON-RPC error object, the way the SDK's protocol layer writes it. */
export function errorOf(err: unknown): { code: number; message: string; data?: unknown } {
  const e = err as { code?: unknown; message?: unknown; data?: unknown };
  return {
    code: Number.isSafeInteger(e?.code) ? (e.code as number) : ErrorCode.InternalError,
    message: typeof e?.message === 'string' ? wireMessage(e as { message: string }) : 'Internal error',
    ...(e?.data !== undefined ? { data: e.data } : {}),
  };
}

/** The handler of `method` in `scope`, or undefined (the SDK answers "Method not found"). */
export function handlerOf(method: string, scope: Scope): MethodHandler | undefined {
  return METHODS[method] ?? (scope.style === 'original' ? passThrough : undefined);
}

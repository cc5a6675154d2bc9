/**
 * Forwarded requests sent on an upstream connection past the SDK client's per-request machinery. The SDK
 * client keeps the connection (initialize, its own requests, notifications, the server's requests to the
 * client); a forwarded request carries an id of the gateway's own (`gw-<n>`, never one the client mints),
 * and its answer is taken off the transport before the client sees it. What the client would do for such a
 * request is done here too: a deadline (on expiry the server is told `notifications/cancelled`), the
 * caller's abort signal (the same), a closed connection failing what is pending, a server error as an
 * `McpError`, a result that must be an object. The result is not re-parsed or copied.
 * Requests that want progress go through the SDK client, which owns the progress tokens.
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import { ChildProcessTransport } from '../runtime/child-process-transport.js';

import type { Abortable } from './cancellation.js';
import type { JsonObject } from './passthrough.js';

interface Pending {
  resolve(result: JsonObject): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
  /** Removes the abort listener. */
  unlisten: (() => void) | undefined;
}

/** The id prefix of forwarded requests. */
const PREFIX = 'gw-';

/** The forwarded requests of one upstream transport. */
export class DirectRequests {
  private next = 0;
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(private readonly transport: Transport) {
    const viaSdk = transport.onmessage;
    const closed = transport.onclose;
    transport.onmessage = (message, extra) => {
      if (!this.take(message)) viaSdk?.(message, extra);
    };
    transport.onclose = () => {
      this.closeAll();
      closed?.();
    };
  }

  /** Number of requests waiting for their answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Sends `method` with `params` and resolves with the server's result object. */
  request(
    method: string,
    params: JsonObject,
    options: { timeout: number; cancel?: Abortable | undefined },
  ): Promise<JsonObject> {
    const { cancel, timeout } = options;
    if (cancel?.aborted) return Promise.reject(cancel.reason as Error);
    if (this.closed) return Promise.reject(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'));
    const id = `${PREFIX}${++this.next}`;
    return new Promise<JsonObject>((resolve, reject) => {
      const entry: Pending = {
        resolve,
        reject,
        timer: setTimeout(
          () => this.cancel(id, new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout })),
          timeout,
        ),
        unlisten: undefined,
      };
      this.pending.set(id, entry);
      if (cancel) entry.unlisten = cancel.onAbort((reason) => this.cancel(id, reason));
      this.transport
        .send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage)
        .catch((err: unknown) => this.settle(id)?.reject(err));
    });
  }

  /** Resolves or rejects the request `message` answers; false when it is not one of these. */
  private take(message: JSONRPCMessage): boolean {
    const id = (message as { id?: unknown }).id;
    if (typeof id !== 'string' || !id.startsWith(PREFIX) || 'method' in message) return false;
    const entry = this.settle(id);
    if (!entry) return true; // answered after a timeout or cancellation: nothing waits for it
    if ('error' in message) {
      const { code, message: text, data } = message.error;
      entry.reject(new McpError(code, text, data));
      return true;
    }
    const { result } = message as { result?: unknown };
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      entry.reject(
        new McpError(ErrorCode.InternalError, 'the server answered with a result that is not an object'),
      );
    } else entry.resolve(result as JsonObject);
    return true;
  }

  /** Forgets a pending request (its timer and abort listener) and returns it. */
  private settle(id: string): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.unlisten?.();
    return entry;
  }

  /** Gives up on a request: tells the server, and rejects as the SDK client would. */
  private cancel(id: string, reason: unknown): void {
    const entry = this.settle(id);
    if (!entry) return;
    this.transport
      .send({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: String(reason) },
      } as JSONRPCMessage)
      .catch(() => undefined);
    entry.reject(
      reason instanceof McpError ? reason : new McpError(ErrorCode.RequestTimeout, String(reason)),
    );
  }

  private closeAll(): void {
    this.closed = true;
    for (const id of [...this.pending.keys()])
      this.settle(id)?.reject(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'));
  }
}

const channels = new WeakMap<Transport, DirectRequests>();

/**
 * The direct requests of a connected client (set up on first use), for stdio upstreams; undefined for the
 * others (remote transports renew their connections underneath the client, which keeps those requests).
 */
export function directRequests(client: Client): DirectRequests | undefined {
  const { transport } = client;
  if (!(transport instanceof ChildProcessTransport)) return undefined;
  let channel = channels.get(transport);
  if (!channel) channels.set(transport, (channel = new DirectRequests(transport)));
  return channel;
}

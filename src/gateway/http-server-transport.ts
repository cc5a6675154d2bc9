/**
 * The server side of MCP Streamable HTTP for one session, straight on node:http: the SDK `Transport`
 * contract (`start`, `send`, `close`, `onmessage`, `onclose`, `onerror`) with the protocol's HTTP rules —
 * session ids, `Mcp-Protocol-Version`, 202 for notifications and responses, one standalone `GET` stream,
 * `DELETE` — and no Web `Request`/`Response`/stream conversion on the way.
 *
 * A `POST` with requests is answered **lazily**: when its responses are all that the session sends for
 * it, they go back as one `application/json` body; as soon as something else belongs on that exchange
 * (progress, logging, a sampling or elicitation request), or the answer takes longer than `streamAfterMs`,
 * the response becomes a `text/event-stream` and everything follows as events. Both are what the
 * specification lets a server choose; clients must accept both.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

import { isJsonRpcMessage, isRequestMessage, isResponseMessage } from '../core/jsonrpc-shape.js';

import { DEFAULT_KEEP_ALIVE_MS, keepAlive } from './keep-alive.js';
import { messageJson, messageParts } from './stable-json.js';

/** Most messages in one batch. */
export const MAX_BATCH_SIZE = 100;

/** Options of {@link HttpServerTransport}. */
export interface HttpServerTransportOptions {
  /** Mints the session id at `initialize` (cryptographically random). */
  sessionIdGenerator: () => string;
  /** Called with the new id once `initialize` arrived, before the message is handled. */
  onsessioninitialized?: (sessionId: string) => void;
  /** Protocol versions accepted in the `Mcp-Protocol-Version` header. Default: the SDK's. */
  supportedVersions?: readonly string[];
  /** How long a request's answer may be held for a JSON body before the exchange turns into a stream. */
  streamAfterMs?: number;
  /** Keep-alive comments on event streams. Default 25 s; 0 disables. */
  keepAliveMs?: number;
}

/** One POST that carried requests, waiting for their responses. */
interface Exchange {
  readonly res: ServerResponse;
  /** Ids of the exchange's requests still unanswered. */
  readonly pending: Set<RequestId>;
  /** Responses held for the JSON body (in order of arrival). */
  readonly held: JSONRPCMessage[];
  readonly batch: boolean;
  streaming: boolean;
  timer?: NodeJS.Timeout | undefined;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** A session's Streamable HTTP server transport. */
export class HttpServerTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private initialized = false;
  private closed = false;
  private standalone: ServerResponse | undefined;
  private readonly byRequest = new Map<RequestId, Exchange>();
  private readonly versions: readonly string[];
  private readonly streamAfterMs: number;
  private readonly keepAliveMs: number;

  constructor(private readonly options: HttpServerTransportOptions) {
    this.versions = options.supportedVersions ?? SUPPORTED_PROTOCOL_VERSIONS;
    this.streamAfterMs = options.streamAfterMs ?? 10_000;
    this.keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  }

  /** Nothing to open: requests arrive through {@link handleRequest}. */
  async start(): Promise<void> {}

  /** Serves one HTTP request of this session; `body` is the parsed JSON of a POST. */
  async handleRequest(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    if (this.closed) return reply(res, 404, -32001, 'Session not found');
    if (req.method === 'POST') return this.post(req, res, body);
    if (req.method === 'GET') return this.get(req, res);
    if (req.method === 'DELETE') {
      if (!this.admits(req, res)) return;
      res.writeHead(200).end();
      return this.close();
    }
    res.setHeader('allow', 'GET, POST, DELETE');
    return reply(res, 405, -32000, 'Method not allowed.');
  }

  private post(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream'))
      return reply(
        res,
        406,
        -32000,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return reply(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    const batch = Array.isArray(body);
    const messages: unknown[] = batch ? body : [body];
    if (messages.length > MAX_BATCH_SIZE)
      return reply(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    if (!messages.every(isJsonRpcMessage))
      return reply(res, 400, -32700, 'Parse error: Invalid JSON-RPC message');
    const init = messages.some((m) => 'method' in m && m.method === 'initialize');
    if (init) {
      if (this.initialized) return reply(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1)
        return reply(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = this.options.sessionIdGenerator();
      this.initialized = true;
      this.options.onsessioninitialized?.(this.sessionId);
    } else if (!this.admits(req, res)) return;

    const extra: MessageExtraInfo = { requestInfo: { headers: req.headers } };
    const requests = messages.filter(isRequestMessage);
    if (requests.length === 0) {
      res.writeHead(202).end();
      for (const m of messages) this.onmessage?.(m, extra);
      return;
    }
    const exchange: Exchange = {
      res,
      pending: new Set(requests.map((m) => (m as { id: RequestId }).id)),
      held: [],
      batch,
      streaming: false,
    };
    for (const id of exchange.pending) this.byRequest.set(id, exchange);
    exchange.timer = setTimeout(() => this.stream(exchange), this.streamAfterMs);
    exchange.timer.unref();
    res.once('close', () => this.finish(exchange));
    for (const m of messages) this.onmessage?.(m as JSONRPCMessage, extra);
  }

  private get(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream'))
      return reply(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    if (!this.admits(req, res)) return;
    if (this.standalone)
      return reply(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    this.standalone = res;
    res.writeHead(200, this.withSession(SSE_HEADERS));
    res.flushHeaders();
    res.once('close', () => {
      if (this.standalone === res) this.standalone = undefined;
    });
  }

  /** Session and protocol-version checks of every request but `initialize`; answers the refusal itself. */
  private admits(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.initialized) {
      reply(res, 400, -32000, 'Bad Request: Server not initialized');
      return false;
    }
    const id = req.headers['mcp-session-id'];
    if (!id) {
      reply(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    if (id !== this.sessionId) {
      reply(res, 404, -32001, 'Session not found');
      return false;
    }
    const version = req.headers['mcp-protocol-version'];
    if (version !== undefined && !this.versions.includes(String(version))) {
      reply(
        res,
        400,
        -32000,
        `Bad Request: Unsupported protocol version: ${String(version)} (supported versions: ${this.versions.join(', ')})`,
      );
      return false;
    }
    return true;
  }

  /**
   * Sends a message: a response on the exchange of its request; anything related to a request still open
   * on that exchange (which then becomes a stream); anything else on the standalone `GET` stream (dropped
   * when the client has none open, as the protocol allows).
   */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const response = isResponseMessage(message);
    const id = response ? (message as { id?: RequestId }).id : options?.relatedRequestId;
    const exchange = id === undefined ? undefined : this.byRequest.get(id);
    if (!exchange) {
      if (response || !this.standalone) return; // its exchange is gone (the client went away)
      this.standalone.write(event(message));
      return;
    }
    if (!response) {
      this.stream(exchange);
      exchange.res.write(event(message));
      return;
    }
    exchange.pending.delete(id!);
    this.byRequest.delete(id!);
    if (exchange.streaming) exchange.res.write(event(message));
    else exchange.held.push(message);
    if (exchange.pending.size === 0) this.complete(exchange);
  }

  /** Turns an exchange into an event stream (once), writing what it held. */
  private stream(exchange: Exchange): void {
    if (exchange.streaming || exchange.res.writableEnded) return;
    exchange.streaming = true;
    const { res } = exchange;
    res.writeHead(200, this.withSession(SSE_HEADERS));
    for (const m of exchange.held.splice(0)) res.write(event(m));
    keepAlive(res, this.keepAliveMs);
  }

  /** Every request of the exchange is answered: end the stream, or send the held responses as JSON. */
  private complete(exchange: Exchange): void {
    clearTimeout(exchange.timer);
    const { res } = exchange;
    if (exchange.streaming) return void res.end();
    const { held } = exchange;
    const pieces: Array<string | Buffer> = exchange.batch
      ? [`[${held.map(messageJson).join(',')}]`]
      : (messageParts(held[0]!) ?? [messageJson(held[0]!)]);
    const length = pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
    res.writeHead(200, this.withSession({ 'content-type': 'application/json', 'content-length': length }));
    for (let i = 0; i < pieces.length - 1; i++) res.write(pieces[i]);
    res.end(pieces[pieces.length - 1]);
  }

  /** The exchange's connection closed: forget its unanswered requests. */
  private finish(exchange: Exchange): void {
    clearTimeout(exchange.timer);
    for (const id of exchange.pending) if (this.byRequest.get(id) === exchange) this.byRequest.delete(id);
    exchange.pending.clear();
  }

  private withSession(headers: Record<string, string | number>): Record<string, string | number> {
    return this.sessionId === undefined ? headers : { ...headers, 'mcp-session-id': this.sessionId };
  }

  /** Ends every open exchange and stream, then reports `onclose`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const open = new Set(this.byRequest.values());
    this.byRequest.clear();
    for (const exchange of open) {
      clearTimeout(exchange.timer);
      if (exchange.streaming) exchange.res.end();
      else if (!exchange.res.headersSent) reply(exchange.res, 404, -32001, 'Session not found');
    }
    this.standalone?.end();
    this.standalone = undefined;
    this.onclose?.();
  }
}

function event(message: JSONRPCMessage): string {
  return `event: message\ndata: ${messageJson(message)}\n\n`;
}

/** Answers an HTTP-level refusal with a JSON-RPC error body (id null). */
function reply(res: ServerResponse, status: number, code: number, message: string): void {
  const text = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

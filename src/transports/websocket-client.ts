/**
 * MCP over WebSocket on the `ws` package (Node 20 has no global `WebSocket`, which the SDK's
 * `WebSocketClientTransport` needs). Same wire format as the SDK's: subprotocol `mcp`, one JSON-RPC
 * message per text frame. Unlike the SDK's, it can send HTTP headers on the upgrade request.
 * @module
 */
// `ws` is loaded when a socket opens: most platforms have no WebSocket server, and the package is the
// largest one the platform would otherwise load at start.
import type WebSocket from 'ws';
import type { RawData } from 'ws';

import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import { PlatformErrorCode } from '../errors.js';
import { TransportError } from './errors.js';
import type { RemoteTransport } from './types.js';
import { decodeFrame, MCP_SUBPROTOCOL } from './websocket-frame.js';

export { MCP_SUBPROTOCOL } from './websocket-frame.js';

/** Options of `WebSocketClientTransport`. */
export interface WebSocketClientOptions {
  /** Headers sent on the HTTP upgrade request (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Give up the opening handshake after this long. Default 10 000 ms. */
  handshakeTimeoutMs?: number;
  /** Largest accepted frame. Default 16 MiB. */
  maxPayloadBytes?: number;
  /**
   * Largest message `send` passes on (the peer's frame limit): a longer one is refused with an error and
   * the socket stays open, where the peer would close it. Default: no limit.
   */
  maxMessageBytes?: number;
}

/** The opening handshake was answered with an HTTP status instead of the upgrade (401, 404, ...). */
export class WebSocketHandshakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WebSocketHandshakeError';
  }
}

/** The message `send` refused because it is over `maxMessageBytes`. */
export class WebSocketMessageTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`request body over ${limitBytes} bytes (${bytes})`);
    this.name = 'WebSocketMessageTooLargeError';
  }
}

/**
 * Client transport for `ws://` and `wss://` MCP servers.
 *
 * @example
 * const transport = new WebSocketClientTransport(new URL('ws://127.0.0.1:3000/mcp'), {
 *   headers: { Authorization: `Bearer ${token}` },
 * });
 * await new Client({ name: 'me', version: '1.0.0' }).connect(transport);
 */
export class WebSocketClientTransport implements RemoteTransport {
  readonly kind = 'websocket' as const;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private socket: WebSocket | undefined;
  private started = false;
  private closed = false;
  private handshakeDone = false;

  constructor(
    private readonly url: URL,
    private readonly options: WebSocketClientOptions = {},
  ) {}

  /** Whether the opening handshake succeeded (it stays true once the socket has closed). */
  get opened(): boolean {
    return this.handshakeDone;
  }

  /** Opens the socket; rejects if the handshake fails (refused, HTTP error status, no `mcp` subprotocol). */
  async start(): Promise<void> {
    if (this.started) throw new Error('WebSocketClientTransport already started');
    this.started = true;
    const { default: WebSocketImpl } = await import('ws');
    if (this.closed) throw new Error(`WebSocket closed before opening: ${this.url.origin}`);
    const socket = new WebSocketImpl(this.url, MCP_SUBPROTOCOL, {
      headers: this.options.headers,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
      maxPayload: this.options.maxPayloadBytes ?? 16 * 1024 * 1024,
    });
    this.socket = socket;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.closedOnce());
    return new Promise((resolve, reject) => {
      let opened = false;
      socket.on('error', (err) => {
        if (!opened) reject(handshakeError(err));
        this.onerror?.(err);
      });
      socket.once('open', () => {
        opened = true;
        this.handshakeDone = true;
        resolve();
      });
      socket.once('close', () => {
        if (!opened) reject(new Error(`WebSocket closed before opening: ${this.url.origin}`));
      });
    });
  }

  /** Sends one message as one text frame. */
  send(message: JSONRPCMessage): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) {
      return Promise.reject(
        new TransportError(PlatformErrorCode.TransportNotConnected, 'Not connected', { kind: this.kind }),
      );
    }
    const text = JSON.stringify(message);
    const limit = this.options.maxMessageBytes;
    // A string of n UTF-16 units is at most 3n bytes in UTF-8: count bytes only when it could be over.
    if (limit !== undefined && text.length * 3 > limit) {
      const bytes = Buffer.byteLength(text);
      if (bytes > limit) return Promise.reject(new WebSocketMessageTooLargeError(bytes, limit));
    }
    return new Promise((resolve, reject) => {
      socket.send(text, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the socket (normal closure) and calls `onclose` once. */
  async close(): Promise<void> {
    const socket = this.socket;
    if (socket && socket.readyState === socket.CONNECTING) socket.terminate();
    else if (socket && socket.readyState === socket.OPEN) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => socket.terminate(), 1000);
        socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        socket.close(1000);
      });
    }
    this.closedOnce();
  }

  private receive(data: RawData, isBinary: boolean): void {
    const message = decodeFrame(data, isBinary);
    if (message instanceof Error) this.onerror?.(message);
    else this.onmessage?.(message);
  }

  private closedOnce(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/** The `ws` package reports an HTTP answer to the upgrade as `Unexpected server response: <status>`. */
function handshakeError(err: Error): Error {
  const status = /Unexpected server response: (\d{3})/.exec(err.message)?.[1];
  return status ? new WebSocketHandshakeError(Number(status), err.message) : err;
}

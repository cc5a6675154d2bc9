/**
 * The server side of MCP over WebSocket: one accepted socket is one session's transport. Same wire format as
 * the platform's (and the SDK's) WebSocket client: subprotocol `mcp`, one JSON-RPC message per text frame.
 * @module
 */
import { randomUUID } from 'node:crypto';

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type WebSocket from 'ws';
import type { RawData } from 'ws';

import { decodeFrame } from '../transports/websocket-frame.js';

/** A session's transport on an open server-side WebSocket. */
export class WebSocketServerTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('error', (err) => this.onerror?.(err));
    socket.on('close', () => this.closedOnce());
  }

  /** The socket is open already (accepted by the upgrade); nothing to do. */
  async start(): Promise<void> {}

  /** Sends one message as one text frame. */
  send(message: JSONRPCMessage): Promise<void> {
    if (this.socket.readyState !== this.socket.OPEN) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve, reject) => {
      this.socket.send(JSON.stringify(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the socket (normal closure) and calls `onclose` once. */
  async close(): Promise<void> {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      const force = setTimeout(() => this.socket.terminate(), 1000);
      force.unref();
      this.socket.once('close', () => clearTimeout(force));
      this.socket.close(1000);
    }
    this.closedOnce();
  }

  /** A frame that holds no message is answered with a JSON-RPC error (id null) and reported. */
  private receive(data: RawData, isBinary: boolean): void {
    const message = decodeFrame(data, isBinary);
    if (!(message instanceof Error)) return void this.onmessage?.(message);
    this.onerror?.(message);
    const error = { code: message.code, message: message.message };
    void this.send({ jsonrpc: '2.0', id: null, error } as unknown as JSONRPCMessage).catch(() => undefined);
  }

  private closedOnce(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

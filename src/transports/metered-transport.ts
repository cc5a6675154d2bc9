/**
 * A pass-through transport that counts messages and bytes in each direction, remembers the negotiated
 * protocol version, and guarantees `onclose` fires exactly once after `close()` (the SDK `Client` only
 * forgets a transport when `onclose` fires, and must forget it before it can connect again).
 * @module
 */
import type { TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

import { emptyTraffic, type TrafficCounters } from '../core/types.js';

import type { RemoteTransport, TransportKind } from './types.js';

export { emptyTraffic, type TrafficCounters };

/**
 * Wraps a transport and adds to `counters` (owned by the caller, so they can outlive reconnects).
 *
 * @example
 * const traffic = emptyTraffic();
 * await client.connect(new MeteredTransport(transport, traffic));
 */
export class MeteredTransport implements RemoteTransport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private closed = false;
  private version: string | undefined;
  /** Ids of requests sent and not yet answered. */
  private readonly awaiting = new Set<string | number>();

  constructor(
    readonly inner: RemoteTransport,
    private readonly counters: TrafficCounters = emptyTraffic(),
  ) {
    inner.onmessage = (message, extra) => {
      this.counters.messagesIn += 1;
      this.counters.bytesIn += Buffer.byteLength(JSON.stringify(message));
      if (!('method' in message) && 'id' in message && message.id !== undefined)
        this.awaiting.delete(message.id);
      this.onmessage?.(message, extra);
    };
    inner.onerror = (error) => this.onerror?.(error);
    inner.onclose = () => this.closedOnce();
  }

  /** Requests sent on this transport that have no answer yet. */
  get inFlight(): number {
    return this.awaiting.size;
  }

  /** Kind of the wrapped transport. */
  get kind(): TransportKind | undefined {
    return this.inner.kind;
  }

  /** Session id of the wrapped transport. */
  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  /** The protocol version the `Client` negotiated, once initialized. */
  get protocolVersion(): string | undefined {
    return this.version;
  }

  /** Starts the wrapped transport. */
  start(): Promise<void> {
    return this.inner.start();
  }

  /** Counts, then sends. */
  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.counters.messagesOut += 1;
    this.counters.bytesOut += Buffer.byteLength(JSON.stringify(message));
    if ('method' in message && 'id' in message) this.awaiting.add(message.id);
    return this.inner.send(message, options);
  }

  /** Records and forwards the negotiated version. */
  setProtocolVersion(version: string): void {
    this.version = version;
    this.inner.setProtocolVersion?.(version);
  }

  /** Closes the wrapped transport; `onclose` fires once even if the wrapped one never calls it. */
  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      this.closedOnce();
    }
  }

  private closedOnce(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/**
 * `transport: auto` for http(s) URLs, per the spec's backwards-compatibility rule: POST `initialize` as
 * Streamable HTTP; if the server answers 400, 404 or 405, it is a legacy HTTP+SSE server, so open the
 * SSE stream at the same URL and send `initialize` there. `kind` then says which one was chosen.
 * @module
 */
import type { TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

import { PlatformErrorCode } from '../errors.js';
import { TransportError, isLegacyServerResponse } from './errors.js';
import type { RemoteTransport, TransportKind } from './types.js';

/** Builds the candidate transports, in the order they are tried. */
export interface AutoTransportCandidates {
  streamableHttp: () => RemoteTransport;
  sse: () => RemoteTransport;
}

/**
 * Picks Streamable HTTP or legacy SSE on the first message (which the `Client` makes `initialize`).
 *
 * @example
 * const t = new AutoTransport({ streamableHttp: () => new StreamableHttpTransport(url), sse: () => new SseTransport(url) });
 * await client.connect(t);
 * t.kind; // 'streamable-http' or 'sse'
 */
export class AutoTransport implements RemoteTransport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private inner: RemoteTransport | undefined;
  private chosen: TransportKind | undefined;
  private choosing = false;
  private protocolVersion: string | undefined;
  private closed = false;

  constructor(private readonly candidates: AutoTransportCandidates) {}

  /** The chosen kind; `undefined` until the first message has been answered. */
  get kind(): TransportKind | undefined {
    return this.chosen;
  }

  /** Session id of the chosen transport. */
  get sessionId(): string | undefined {
    return this.inner?.sessionId;
  }

  /** Nothing to do yet: the choice needs the first message. */
  async start(): Promise<void> {}

  /** Forwards to the chosen transport (and remembers it for a late choice). */
  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
    this.inner?.setProtocolVersion?.(version);
  }

  /** The first call chooses the transport; later calls go to the chosen one. */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed)
      throw new TransportError(PlatformErrorCode.TransportNotConnected, 'Not connected', { kind: 'auto' });
    // While choosing, `inner` is the candidate being tried: the Client sends `notifications/initialized`
    // as soon as the answer arrives, possibly before the candidate's send() has resolved here.
    if (this.inner) return this.inner.send(message, options);
    if (this.choosing) throw new Error('AutoTransport: wait for the first message to be answered');
    this.choosing = true;
    try {
      await this.choose(message, options);
    } finally {
      this.choosing = false;
    }
  }

  /** Closes the chosen transport (which calls `onclose`), or just calls `onclose` if none was chosen. */
  async close(): Promise<void> {
    this.closed = true;
    const inner = this.inner;
    if (inner) await inner.close();
    else this.onclose?.();
  }

  private async choose(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const primary = this.candidates.streamableHttp();
    // Errors of the probe are the caller's to see through the rejection, not through onerror.
    this.use(primary, { quiet: true });
    try {
      await primary.start();
      await primary.send(message, options);
      this.commit(primary);
      return;
    } catch (err) {
      this.inner = undefined;
      primary.onclose = undefined;
      await primary.close().catch(() => undefined);
      if (!isLegacyServerResponse(err) || this.closed) throw err;
    }
    const legacy = this.candidates.sse();
    this.use(legacy, { quiet: false });
    try {
      await legacy.start();
      await legacy.send(message, options);
    } catch (err) {
      this.inner = undefined;
      legacy.onclose = undefined;
      await legacy.close().catch(() => undefined);
      throw err;
    }
    this.commit(legacy);
  }

  private use(t: RemoteTransport, { quiet }: { quiet: boolean }): void {
    // Installed before sending: the answer may arrive (and the Client may call setProtocolVersion)
    // before send() resolves.
    this.inner = t;
    if (this.protocolVersion) t.setProtocolVersion?.(this.protocolVersion);
    t.onmessage = (m, extra) => {
      if (this.inner === t) this.onmessage?.(m, extra);
    };
    t.onerror = (e) => {
      if (this.inner === t && (!quiet || this.chosen)) this.onerror?.(e);
    };
    t.onclose = () => {
      if (this.inner === t) this.onclose?.();
    };
  }

  private commit(t: RemoteTransport): void {
    this.chosen = t.kind;
  }
}

/**
 * An SDK `Transport` over the stdio of a process the supervisor already spawned. Unlike the SDK's
 * `StdioClientTransport` it neither spawns nor kills: the supervisor owns the process, this only frames messages.
 * @module
 */
import type { Readable, Writable } from 'node:stream';

import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import type { TrafficCounters } from '../core/types.js';
import { isJsonRpcMessage } from '../core/jsonrpc-shape.js';
import { PlatformErrorCode } from '../errors.js';

import { RuntimeError } from './errors.js';

/** Largest stdout line accepted as one frame; a longer one is a protocol violation. */
export const DEFAULT_MAX_FRAME_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;
const SAMPLE_CHARS = 200;

/** Options of {@link ChildProcessTransport}. */
export interface ChildProcessTransportOptions {
  /** Frame limit in bytes (including the newline). Default 10 MB. */
  maxFrameBytes?: number;
  /** Called for every stdout line that is not a JSON-RPC message, with its first 200 characters. */
  onDroppedLine?: (sample: string) => void;
  /** Counters to add every message and its bytes to (owned by the caller, so they outlive restarts). */
  traffic?: TrafficCounters;
}

/**
 * Frames JSON-RPC messages over a child's stdout (in) and stdin (out). Lines that are not JSON-RPC are dropped
 * and counted; a line over the frame limit raises `FRAME_TOO_LARGE` through `onerror` and is discarded.
 * @example
 * const transport = new ChildProcessTransport(child.stdout, child.stdin);
 * await new Client({ name: 'gw', version: '1' }).connect(transport);
 */
export class ChildProcessTransport implements Transport {
  /** @inheritdoc */
  onclose?: () => void;
  /** @inheritdoc */
  onerror?: (error: Error) => void;
  /** @inheritdoc */
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly maxFrameBytes: number;
  private dropped = 0;
  /** Pieces of the current, not yet complete line. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set after an oversized frame: bytes are discarded until the next newline. */
  private skipping = false;
  private started = false;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly options: ChildProcessTransportOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Number of stdout lines dropped because they were not JSON-RPC. */
  get droppedLines(): number {
    return this.dropped;
  }

  /** Starts reading stdout. */
  async start(): Promise<void> {
    if (this.started) throw new Error('ChildProcessTransport already started');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onStreamError);
    this.input.on('close', this.onInputClosed);
    this.input.on('end', this.onInputClosed);
    this.output.on('error', this.onStreamError);
  }

  /** Writes one message as a line on stdin, waiting for drain under backpressure. */
  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('transport closed');
    const line = serializeMessage(message);
    if (this.options.traffic) {
      this.options.traffic.messagesOut += 1;
      this.options.traffic.bytesOut += Buffer.byteLength(line) - 1;
    }
    if (!this.output.write(line)) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error): void => {
          this.output.off('drain', done);
          this.output.off('close', onClose);
          if (err) reject(err);
          else resolve();
        };
        // The server went away (it may have exited already): a lost connection, which its exit explains.
        const onClose = (): void =>
          done(new RuntimeError(PlatformErrorCode.ConnectionLost, 'server closed its stdin'));
        this.output.once('drain', done);
        this.output.once('close', onClose);
      });
    }
  }

  /** Stops reading and reports `onclose`. Leaves the process and its stdin alone: the supervisor owns them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onStreamError);
    this.input.off('close', this.onInputClosed);
    this.input.off('end', this.onInputClosed);
    this.output.off('error', this.onStreamError);
    this.pending = [];
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer): void => {
    let rest = chunk;
    while (rest.length > 0 && !this.closed) {
      const nl = rest.indexOf(NEWLINE);
      const piece = nl === -1 ? rest : rest.subarray(0, nl + 1);
      rest = nl === -1 ? rest.subarray(rest.length) : rest.subarray(nl + 1);
      if (this.skipping) {
        if (nl !== -1) this.skipping = false;
        continue;
      }
      this.pendingBytes += piece.length;
      if (this.pendingBytes > this.maxFrameBytes) {
        this.overflow(nl === -1);
        continue;
      }
      this.pending.push(piece);
      if (nl !== -1) this.completeLine();
    }
  };

  /** Collecting pieces and concatenating once per line keeps large frames linear (appending each would be quadratic). */
  private completeLine(): void {
    const line = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    let message: unknown;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      message = undefined;
    }
    if (!isJsonRpcMessage(message)) {
      // Not JSON or not JSON-RPC: stdout carries protocol frames only, so this is noise from the server.
      this.dropped += 1;
      this.options.onDroppedLine?.(line.toString('utf8', 0, SAMPLE_CHARS).replace(/\r?\n$/, ''));
      return;
    }
    if (this.options.traffic) {
      this.options.traffic.messagesIn += 1;
      this.options.traffic.bytesIn += line.length - 1;
    }
    this.onmessage?.(message);
  }

  private overflow(lineContinues: boolean): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = lineContinues;
    this.onerror?.(
      new RuntimeError(
        PlatformErrorCode.FrameTooLarge,
        `stdout frame exceeds ${this.maxFrameBytes} bytes`,
        { limitBytes: this.maxFrameBytes },
        { hint: 'the server wrote an oversized line; it must send newline-delimited JSON-RPC only' },
      ),
    );
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onInputClosed = (): void => {
    void this.close();
  };
}

/**
 * MCP over a Unix domain socket (or a Windows named pipe, `\\.\pipe\name`): newline-delimited JSON-RPC,
 * one message per line, framed by the SDK's stdio `ReadBuffer`/`serializeMessage`.
 *
 * `UnixSocketClientTransport` connects to a path; `UnixSocketServerTransport` wraps one accepted socket, so
 * an SDK `McpServer` can serve a socket; `listenUnixSocket` accepts connections and hands out the latter.
 * @module
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { unlink } from 'node:fs/promises';

import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import { PlatformErrorCode } from '../errors.js';
import { NonRetryableTransportError, TransportError } from './errors.js';
import type { RemoteTransport } from './types.js';

const PIPE_PREFIX = /^(\\\\|\/\/)[.?][\\/]pipe[\\/]/i;

/**
 * The socket path of a `unix:` URL. Accepts `unix:///run/mcp.sock`, `unix:/run/mcp.sock`,
 * `unix://localhost/run/mcp.sock` and Windows pipes written `unix:\\.\pipe\mcp` or `unix:////./pipe/mcp`.
 *
 * @example
 * socketPathFromUrl('unix:///tmp/mcp.sock'); // '/tmp/mcp.sock'
 */
export function socketPathFromUrl(url: string): string {
  if (!/^unix:/i.test(url)) {
    throw new NonRetryableTransportError(
      PlatformErrorCode.TransportUnsupportedUrl,
      `not a unix: URL: ${url}`,
      { url },
    );
  }
  let rest = url.slice('unix:'.length);
  if (rest.startsWith('//')) {
    // unix://host/path: only an empty host or localhost names this machine.
    const slash = rest.indexOf('/', 2);
    const host = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    if (host !== '' && host.toLowerCase() !== 'localhost') {
      throw new NonRetryableTransportError(
        PlatformErrorCode.TransportUnsupportedUrl,
        `unix: URLs cannot name a host (${host})`,
        {
          url,
        },
      );
    }
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  rest = decodeURIComponent(rest.split(/[?#]/)[0] ?? '');
  if (PIPE_PREFIX.test(rest)) {
    // A Windows named pipe: normalise to \\.\pipe\name.
    return rest.replace(/\//g, '\\');
  }
  if (rest === '') {
    throw new NonRetryableTransportError(
      PlatformErrorCode.TransportUnsupportedUrl,
      `unix: URL has no socket path: ${url}`,
      {
        url,
      },
    );
  }
  return rest;
}

/** Newline-delimited JSON-RPC over a connected `net.Socket`; the base of the client and server transports. */
export class SocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  protected socket: Socket | undefined;
  private readonly buffer = new ReadBuffer();
  private closed = false;

  /** `socket` is an already connected socket, or undefined when a subclass connects in `start()`. */
  constructor(socket?: Socket) {
    this.socket = socket;
  }

  /** Starts reading from the socket (already connected). */
  async start(): Promise<void> {
    if (!this.socket)
      throw new TransportError(PlatformErrorCode.TransportNotConnected, 'no socket', { kind: 'unix' });
    this.listen(this.socket);
  }

  /** Writes one message and one newline; resolves when the data has been handed to the kernel. */
  send(message: JSONRPCMessage): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closed || socket.destroyed) {
      return Promise.reject(
        new TransportError(PlatformErrorCode.TransportNotConnected, 'Not connected', { kind: 'unix' }),
      );
    }
    return new Promise((resolve, reject) => {
      socket.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Ends the socket (flushing queued writes) and calls `onclose` once. */
  async close(): Promise<void> {
    const socket = this.socket;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        socket.end();
      });
    }
    this.closedOnce();
  }

  /** Attaches the read/close/error listeners to a connected socket. */
  protected listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.buffer.append(chunk);
      } catch (err) {
        this.onerror?.(err as Error);
        socket.destroy();
        return;
      }
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.buffer.readMessage();
        } catch (err) {
          // ReadBuffer has already dropped the bad line; report it and go on with the next one.
          this.onerror?.(err as Error);
          continue;
        }
        if (message === null) break;
        this.onmessage?.(message);
      }
    });
    socket.on('error', (err) => this.onerror?.(err));
    socket.on('close', () => this.closedOnce());
  }

  private closedOnce(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }
}

/** Options of `UnixSocketClientTransport`. */
export interface UnixSocketClientOptions {
  /** Injected for tests; defaults to `net.createConnection`. */
  connect?: (path: string) => Socket;
}

/**
 * Client side: connects to a Unix socket or named pipe in `start()`.
 *
 * @example
 * const client = new Client({ name: 'me', version: '1.0.0' });
 * await client.connect(new UnixSocketClientTransport('/run/mcp.sock'));
 */
export class UnixSocketClientTransport extends SocketTransport implements RemoteTransport {
  readonly kind = 'unix' as const;
  private readonly connectFn: (path: string) => Socket;

  constructor(
    readonly path: string,
    options: UnixSocketClientOptions = {},
  ) {
    super();
    this.connectFn = options.connect ?? ((p) => createConnection({ path: p }));
  }

  /** Connects; rejects with the socket error (ENOENT, ECONNREFUSED) if the server is not there. */
  override async start(): Promise<void> {
    if (this.socket) throw new Error('UnixSocketClientTransport already started');
    const socket = this.connectFn(this.path);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => {
        socket.off('connect', onConnect);
        reject(err);
      };
      const onConnect = (): void => {
        socket.off('error', onError);
        resolve();
      };
      socket.once('error', onError);
      socket.once('connect', onConnect);
    });
    this.listen(socket);
  }
}

/** Server side: one accepted connection. Pass it to `McpServer.connect()`. */
export class UnixSocketServerTransport extends SocketTransport {
  constructor(socket: Socket) {
    super(socket);
  }
}

/** A listening socket created by `listenUnixSocket`. */
export interface UnixSocketListener {
  readonly path: string;
  readonly server: Server;
  /** Stops accepting, closes open connections and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Listens on a Unix socket (or named pipe) and calls `onTransport` for each accepted connection. A stale
 * socket file left by a crashed process is removed; a live one (another listener answers) is an error.
 *
 * @example
 * const listener = await listenUnixSocket('/tmp/mcp.sock', (t) => buildServer().connect(t));
 */
export async function listenUnixSocket(
  path: string,
  onTransport: (transport: UnixSocketServerTransport) => void | Promise<void>,
): Promise<UnixSocketListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    void Promise.resolve()
      .then(() => onTransport(new UnixSocketServerTransport(socket)))
      .catch(() => socket.destroy());
  });
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen();
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' ||
      PIPE_PREFIX.test(path) ||
      (await isLive(path))
    ) {
      throw err;
    }
    await unlink(path);
    await listen();
  }
  return {
    path,
    server,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

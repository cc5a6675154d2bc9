/**
 * A minimal MCP load generator for relay capacity: keep-alive HTTP/1.1 connections on `node:net`, requests
 * written as ready-made bytes, answers read with a small HTTP/1.1 response reader and matched by id. It
 * spends a few tens of microseconds per call where the official SDK client spends about a millisecond, so
 * at 16 in flight it measures what the relay in front of the server can carry rather than the client.
 * Streamable HTTP (JSON or event-stream answers) and the legacy HTTP+SSE transport (answers on the stream
 * of a `GET`) are both spoken. Loopback only; for the benchmark, not a client to build on.
 * @module
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** Where to send calls. */
export interface RawTarget {
  /** The MCP endpoint (Streamable HTTP), or the SSE stream's URL when `legacySse`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tool: string;
  readonly legacySse?: boolean;
}

interface Response {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Reads HTTP/1.1 responses off one socket, in order (content-length, chunked, or a streaming body). */
class Connection {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private ended = false;
  /** Body pieces of a response still streaming (the legacy SSE `GET`). */
  onStreamData?: (text: string) => void;

  constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(url: URL): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async more(): Promise<void> {
    if (this.ended) throw new Error('connection closed');
    await new Promise<void>((r) => (this.waiter = r));
  }

  send(bytes: string): void {
    this.socket.write(bytes);
  }

  /** The next response; with `stream`, its body goes to `onStreamData` and this resolves at the head. */
  async read(stream = false): Promise<Response> {
    let end: number;
    while ((end = this.buf.indexOf('\r\n\r\n')) < 0) await this.more();
    const head = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    this.buf = this.buf.subarray(end + 4);
    const status = Number(head[0]!.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (headers['transfer-encoding']?.includes('chunked')) {
      if (stream) {
        void this.pumpChunks();
        return { status, headers, body: '' };
      }
      let body = '';
      for (let piece = await this.chunk(); piece !== undefined; piece = await this.chunk()) body += piece;
      return { status, headers, body };
    }
    const length = Number(headers['content-length'] ?? 0);
    while (this.buf.length < length) await this.more();
    const body = this.buf.subarray(0, length).toString('utf8');
    this.buf = this.buf.subarray(length);
    return { status, headers, body };
  }

  /** One chunk of a chunked body; undefined at the last (zero-size) chunk. */
  private async chunk(): Promise<string | undefined> {
    let eol: number;
    while ((eol = this.buf.indexOf('\r\n')) < 0) await this.more();
    const size = parseInt(this.buf.subarray(0, eol).toString('latin1'), 16);
    while (this.buf.length < eol + 2 + size + 2) await this.more();
    const text = this.buf.subarray(eol + 2, eol + 2 + size).toString('utf8');
    this.buf = this.buf.subarray(eol + 2 + size + 2);
    return size === 0 ? undefined : text;
  }

  private async pumpChunks(): Promise<void> {
    try {
      for (let piece = await this.chunk(); piece !== undefined; piece = await this.chunk())
        this.onStreamData?.(piece);
    } catch {
      // the stream closed
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

function request(url: URL, method: string, headers: Record<string, string>, body?: string): string {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** The JSON-RPC messages of a body: a JSON document, or the `data:` lines of an event stream. */
function messagesOf(res: Response): Array<{ id?: unknown; result?: unknown; error?: unknown }> {
  const type = res.headers['content-type'] ?? '';
  const texts = type.includes('text/event-stream')
    ? res.body
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
    : [res.body];
  return texts.filter(Boolean).map((t) => JSON.parse(t) as { id?: unknown });
}

const INIT = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-load', version: '1' } },
};
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

/** Events (`event`, `data`) of a text/event-stream, fed piece by piece. */
function sseParser(onEvent: (event: string, data: string) => void): (text: string) => void {
  let pending = '';
  return (text) => {
    pending += text;
    let sep: number;
    while ((sep = pending.indexOf('\n\n')) >= 0) {
      const block = pending.slice(0, sep);
      pending = pending.slice(sep + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      onEvent(event, data.join('\n'));
    }
  };
}

/** A session's way to make one call on a connection; resolves when its answer is in. */
type Call = (conn: Connection, id: number) => Promise<void>;

async function streamableSession(target: RawTarget): Promise<{ url: URL; call: Call; close(): void }> {
  const url = new URL(target.url);
  const base = {
    ...target.headers,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const first = await Connection.open(url);
  first.send(request(url, 'POST', base, JSON.stringify(INIT)));
  const init = await first.read();
  if (init.status !== 200) throw new Error(`initialize answered ${init.status}`);
  const headers: Record<string, string> = { ...base, 'mcp-protocol-version': '2025-06-18' };
  const session = init.headers['mcp-session-id'];
  if (session) headers['mcp-session-id'] = session;
  first.send(request(url, 'POST', headers, JSON.stringify(INITIALIZED)));
  await first.read();
  first.close();
  return {
    url,
    close: () => undefined,
    call: async (conn, id) => {
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: target.tool, arguments: { text: `m${id}` } },
      });
      conn.send(request(url, 'POST', headers, body));
      const res = await conn.read();
      if (!messagesOf(res).some((m) => m.id === id && m.result !== undefined))
        throw new Error(`call ${id}: no result in ${res.status} ${res.body.slice(0, 200)}`);
    },
  };
}

async function legacySseSession(target: RawTarget): Promise<{ url: URL; call: Call; close(): void }> {
  const streamUrl = new URL(target.url);
  const stream = await Connection.open(streamUrl);
  const waiting = new Map<unknown, () => void>();
  let endpoint: (url: URL) => void;
  const endpointKnown = new Promise<URL>((r) => (endpoint = r));
  stream.onStreamData = sseParser((event, data) => {
    if (event === 'endpoint') return endpoint(new URL(data, streamUrl));
    const msg = JSON.parse(data) as { id?: unknown };
    waiting.get(msg.id)?.();
    waiting.delete(msg.id);
  });
  stream.send(request(streamUrl, 'GET', { ...target.headers, accept: 'text/event-stream' }));
  const head = await stream.read(true);
  if (head.status !== 200) throw new Error(`SSE stream answered ${head.status}`);
  const url = await endpointKnown;
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const post = async (conn: Connection, message: object, id?: number): Promise<void> => {
    const answered = id === undefined ? undefined : new Promise<void>((r) => waiting.set(id, r));
    conn.send(request(url, 'POST', headers, JSON.stringify(message)));
    const res = await conn.read();
    if (res.status >= 300) throw new Error(`POST answered ${res.status}`);
    await answered;
  };
  const first = await Connection.open(url);
  await post(first, INIT, 0);
  await post(first, INITIALIZED);
  first.close();
  return {
    url,
    close: () => stream.close(),
    call: (conn, id) =>
      post(
        conn,
        {
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: target.tool, arguments: { text: `m${id}` } },
        },
        id,
      ),
  };
}

/**
 * Opens a session on `target`, then makes `calls` tools/call requests with `inFlight` connections each
 * keeping one request outstanding; resolves with calls per second over those calls (after `warmup`).
 */
export async function rawBurst(
  target: RawTarget,
  calls: number,
  inFlight = 16,
  warmup = 200,
): Promise<number> {
  const session = target.legacySse ? await legacySseSession(target) : await streamableSession(target);
  const conns = await Promise.all(Array.from({ length: inFlight }, () => Connection.open(session.url)));
  try {
    let next = 1;
    const run = async (total: number): Promise<number> => {
      const last = next + total;
      const t0 = performance.now();
      await Promise.all(
        conns.map(async (conn) => {
          while (next < last) await session.call(conn, next++);
        }),
      );
      return performance.now() - t0;
    };
    await run(warmup);
    return calls / ((await run(calls)) / 1000);
  } finally {
    for (const c of conns) c.close();
    session.close();
  }
}

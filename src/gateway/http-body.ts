/**
 * The little HTTP the gateway's endpoints answer themselves: JSON-RPC error bodies for requests that never
 * reach a session, and a size-limited JSON body reader.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers with a JSON-RPC error object (id null) and an HTTP status. */
export function sendRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  const text = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A parsed body, or the error to answer with. */
export type JsonBody =
  { ok: true; value: unknown } | { ok: false; status: number; code: number; message: string };

/**
 * Reads and parses a JSON body of at most `limit` bytes (413 beyond, 400 with -32700 when not JSON). Past
 * the limit the rest of the body is discarded unbuffered, so the client can read the answer.
 */
export function readJson(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const over = (): JsonBody => ({
    ok: false,
    status: 413,
    code: -32000,
    message: `body over ${limit} bytes`,
  });
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    discardBody(req, limit);
    return Promise.resolve(over());
  }
  // Events rather than `for await`: leaving an async iterator early destroys the request, and with it a
  // connection the client may reuse.
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      discardBody(req, limit);
      resolve(over());
    };
    const onEnd = (): void => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        resolve({ ok: false, status: 400, code: -32700, message: 'Parse error' });
      }
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', () => resolve({ ok: false, status: 400, code: -32000, message: 'request aborted' }));
  });
}

/**
 * Drops the rest of a request body without buffering it, so an answer sent early can still be read; a body
 * that goes on past another `max(4 × limit, 1 MiB)` bytes, or for more than 10 s, has its connection cut.
 */
export function discardBody(req: IncomingMessage, bodyLimit: number): void {
  const limit = Math.max(bodyLimit * 4, 1024 * 1024);
  let seen = 0;
  const timer = setTimeout(() => req.socket.destroy(), 10_000);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy();
  });
  req.on('close', () => clearTimeout(timer));
  req.resume();
}

/**
 * Why a JSON-RPC batch may not be processed, if it may not: an empty batch is never valid, and protocol
 * versions from 2025-06-18 on have no batching (the version is the request's `MCP-Protocol-Version`).
 */
export function batchProblem(
  body: unknown,
  protocolVersion: string | string[] | undefined,
): string | undefined {
  if (!Array.isArray(body)) return undefined;
  if (body.length === 0) return 'Invalid Request: empty batch';
  const version = Array.isArray(protocolVersion) ? protocolVersion[0] : protocolVersion;
  if (version !== undefined && version >= '2025-06-18') {
    return `Invalid Request: JSON-RPC batches are not supported in protocol version ${version}`;
  }
  return undefined;
}

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

/** Reads and parses a JSON body of at most `limit` bytes (413 beyond, 400 with -32700 when not JSON). */
export async function readJson(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, code: -32000, message: `body over ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, code: -32700, message: 'Parse error' };
  }
}

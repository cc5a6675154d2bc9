/**
 * A minimal method + path router over node:http, with `:param` segments. The HTTP edge stays on
 * node:http directly: it is the gateway's hot path and needs no framework translation layer.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as routes see it. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Reads and parses a JSON body (limit in bytes). */
  json<T = unknown>(limit?: number): Promise<T>;
}

/** A route handler: returns data to send as JSON (status 200), or handles `res` itself and returns undefined. */
export type Handler = (ctx: RouteContext) => Promise<unknown> | unknown;

interface Route<T> {
  method: string;
  parts: string[];
  handler: T;
}

/** Matches requests to handlers (or to any value standing for one, such as a route definition). */
export class Router<T = Handler> {
  private readonly routes: Route<T>[] = [];

  /** Adds a route such as `router.on('GET', '/api/v1/servers/:name', h)`. */
  on(method: string, pattern: string, handler: T): this {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Finds the handler and params for a method and path; `allowed` lists methods matching the path. */
  match(
    method: string,
    pathname: string,
  ): { handler?: T; params: Record<string, string>; allowed: string[] } {
    const segs = pathname.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      const ok = r.parts.every((p, i) => {
        const s = segs[i]!;
        if (p.startsWith(':')) {
          try {
            params[p.slice(1)] = decodeURIComponent(s);
          } catch {
            return false;
          }
          return true;
        }
        return p === s;
      });
      if (!ok) continue;
      if (r.method === method) return { handler: r.handler, params, allowed };
      allowed.push(r.method);
    }
    return { params: {}, allowed };
  }
}

/** Reads a request body up to `limit` bytes; rejects with status 413 beyond it. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An error with an HTTP status, mapped to the API's one error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

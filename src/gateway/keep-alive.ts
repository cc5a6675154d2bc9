/**
 * SSE keep-alive: an idle event stream gets a comment line at a fixed interval, so proxies, load balancers
 * and clients with read timeouts do not cut a stream that is merely quiet. Comments are ignored by every
 * SSE parser; each is written whole, between the transport's own (whole) event writes.
 * @module
 */
import type { ServerResponse } from 'node:http';

/** Default interval between keep-alive comments. */
export const DEFAULT_KEEP_ALIVE_MS = 25_000;

/**
 * Writes `: keep-alive` to `res` every `intervalMs` once its headers are out, until it ends or closes. For
 * responses that are event streams (GET on a session, the legacy SSE stream). A non-positive interval
 * disables it.
 */
export function keepAlive(res: ServerResponse, intervalMs: number): void {
  if (intervalMs <= 0) return;
  const timer = setInterval(() => {
    if (res.writableEnded || res.destroyed) return stop();
    if (!res.headersSent) return;
    res.write(': keep-alive\n\n');
  }, intervalMs);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  res.once('close', stop);
  res.once('finish', stop);
}

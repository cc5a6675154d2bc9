/**
 * `mcp bridge --url <url>`: a remote MCP server (Streamable HTTP, SSE, WebSocket or Unix socket, as the
 * transport factory picks it) exposed on stdin/stdout, for clients that can only launch a command. Every
 * message is relayed both ways unchanged, as `mcp connect` does for the gateway.
 * @module
 */
import type { Readable, Writable } from 'node:stream';

import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { TransportRelay, type RelayEnd } from '../gateway/index.js';
import type { Logger } from '../observability/logger.js';
import { guardedFetch, type UrlPolicy } from '../security/ssrf.js';
import { createTransport, type TransportStrategy } from '../transports/index.js';

/** Options of {@link runUrlBridge}. */
export interface UrlBridgeOptions {
  url: string;
  transport?: Exclude<TransportStrategy, 'unix'>;
  headers: Record<string, string>;
  urlPolicy?: UrlPolicy;
  logger: Logger;
  io: { stdin: Readable; stdout: Writable };
}

/** Relays until stdin closes or the remote side is lost; resolves with why it ended. */
export async function runUrlBridge(o: UrlBridgeOptions): Promise<RelayEnd> {
  const upstream = createTransport({ url: o.url, transport: o.transport ?? 'auto' }, o.headers, {
    ...(o.urlPolicy ? { fetch: guardedFetch(o.urlPolicy) } : {}),
  });
  const relay = new TransportRelay({
    client: new StdioServerTransport(o.io.stdin, o.io.stdout),
    upstream,
    logger: o.logger,
    classify: (err) => (/ECONNREFUSED|fetch failed|404|401|403/.test(err.message) ? 'fatal' : 'transient'),
    keepAlive: { intervalMs: 30_000, timeoutMs: 15_000 },
  });
  const leave = (): void => void relay.close();
  o.io.stdin.once('end', leave);
  o.io.stdin.once('close', leave);
  await relay.start();
  return relay.ended;
}

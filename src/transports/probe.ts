/**
 * `mcp transport test <name>`: connect once, initialize, list tools, report timings, close.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';

import { resolveRecord, type TemplateResolvers } from '../config/template.js';
import { listAllTools } from '../core/list-tools.js';
import type { Clock } from '../core/types.js';
import type { RemoteConnectionTarget } from './connection-options.js';
import { createTransport, type CreateTransportOptions } from './create-transport.js';
import { MeteredTransport } from './metered-transport.js';
import { withTimeout } from './timeout.js';
import type { TransportKind } from './types.js';

/** Options of `probeRemote`. */
export interface ProbeOptions {
  /** Resolve `${ENV}` / `${secret:NAME}` in header values. */
  resolvers: TemplateResolvers;
  /** Deadline of each step (connect + initialize, list tools). Default 10 000 ms. */
  timeoutMs?: number;
  clientInfo?: Implementation;
  transportOptions?: CreateTransportOptions;
  /** The transport factory; injectable for tests. */
  createTransport?: typeof createTransport;
  clock?: Clock;
}

/** What a probe found. Times are wall-clock milliseconds. */
export interface ProbeResult {
  /** The transport used (for `auto`, the one chosen). */
  transport: TransportKind | undefined;
  /** Opening the transport plus the initialize handshake. */
  initializeMs: number;
  /** All pages of tools/list. */
  listToolsMs: number;
  /** Everything, including header resolution and closing. */
  totalMs: number;
  serverInfo: { name: string; version: string } | undefined;
  protocolVersion: string | undefined;
  /** Tool names, in server order. */
  tools: string[];
}

/**
 * Connects to a remote server once and reports what it found. Throws what the connect or listing threw
 * (a `TransportError` with code `UPSTREAM_TIMEOUT` on a deadline).
 *
 * @example
 * const r = await probeRemote(config.servers.docs, { resolvers });
 * console.log(`${r.transport}: initialize ${r.initializeMs} ms, ${r.tools.length} tools`);
 */
export async function probeRemote(
  target: RemoteConnectionTarget,
  options: ProbeOptions,
): Promise<ProbeResult> {
  const clock = options.clock ?? Date;
  const t0 = clock.now();
  const headers = await resolveRecord(target.headers, options.resolvers);
  const factory = options.createTransport ?? createTransport;
  const transport = new MeteredTransport(factory(target, headers, options.transportOptions));
  return probeTransport(transport, { ...options, clock, startedAt: t0 });
}

/**
 * Connects a client over an already built transport (any kind, stdio included), initializes, lists every
 * tool, closes, and reports the timings. `startedAt` counts preparation (header or env resolution) in
 * `totalMs`. Throws what the connect or listing threw.
 */
export async function probeTransport(
  transport: Transport & {
    readonly kind?: TransportKind | undefined;
    readonly protocolVersion?: string | undefined;
  },
  options: Pick<ProbeOptions, 'timeoutMs' | 'clientInfo' | 'clock'> & { startedAt?: number },
): Promise<ProbeResult> {
  const clock = options.clock ?? Date;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const t0 = options.startedAt ?? clock.now();
  const client = new Client(options.clientInfo ?? { name: 'mcp-platform-probe', version: '0.1.0' });
  try {
    const t1 = clock.now();
    await withTimeout(client.connect(transport, { timeout: timeoutMs }), timeoutMs, 'connect');
    const t2 = clock.now();
    const tools = await withTimeout(listAllTools(client, { timeout: timeoutMs }), timeoutMs, 'tools/list');
    const t3 = clock.now();
    const info = client.getServerVersion();
    await client.close();
    return {
      transport: transport.kind,
      initializeMs: t2 - t1,
      listToolsMs: t3 - t2,
      totalMs: clock.now() - t0,
      serverInfo: info ? { name: info.name, version: info.version } : undefined,
      protocolVersion: transport.protocolVersion,
      tools: tools.map((t) => t.name),
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}

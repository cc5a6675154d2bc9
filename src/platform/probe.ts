/**
 * `mcp transport test`: connect to one server directly (no running platform needed), initialize,
 * list its tools, and report timings. Stdio servers are spawned for the test and stopped after it.
 * @module
 */
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import type { ServerConfig } from '../config/schema.js';
import type { TemplateResolvers } from '../config/template.js';
import { buildChildEnv } from '../runtime/index.js';
import { assertUrlAllowed, type UrlPolicy } from '../security/ssrf.js';
import { probeRemote, probeTransport, type ProbeResult } from '../transports/index.js';

/** What a test found. */
export interface TransportTestResult {
  name: string;
  ok: boolean;
  transport: string;
  initializeMs: number | null;
  listToolsMs: number | null;
  totalMs: number;
  serverInfo: { name: string; version: string } | null;
  protocolVersion: string | null;
  tools: string[];
  error: string | null;
}

/** Tests one server definition. Never throws for connection problems: they are reported in `error`. */
export async function testServer(
  name: string,
  def: ServerConfig,
  resolvers: TemplateResolvers,
  timeoutMs = 30_000,
  urlPolicy?: UrlPolicy,
): Promise<TransportTestResult> {
  const t0 = Date.now();
  const fail = (transport: string, err: unknown): TransportTestResult => ({
    name,
    ok: false,
    transport,
    initializeMs: null,
    listToolsMs: null,
    totalMs: Date.now() - t0,
    serverInfo: null,
    protocolVersion: null,
    tools: [],
    error: err instanceof Error ? err.message : String(err),
  });
  const ok = (transport: string, r: ProbeResult): TransportTestResult => ({
    name,
    ok: true,
    transport: r.transport ?? transport,
    initializeMs: r.initializeMs,
    listToolsMs: r.listToolsMs,
    totalMs: r.totalMs,
    serverInfo: r.serverInfo ?? null,
    protocolVersion: r.protocolVersion ?? null,
    tools: r.tools,
    error: null,
  });
  if (def.type === 'remote') {
    try {
      if (urlPolicy) await assertUrlAllowed(def.url, urlPolicy);
      const transportOptions = urlPolicy ? { urlPolicy } : {};
      return ok(def.transport, await probeRemote(def, { resolvers, timeoutMs, transportOptions }));
    } catch (err) {
      return fail(def.transport, err);
    }
  }
  try {
    const env = await buildChildEnv(def.env, resolvers);
    const transport = new StdioClientTransport({
      command: def.command,
      args: def.args,
      env,
      cwd: def.cwd,
      stderr: 'ignore',
    });
    return ok('stdio', await probeTransport(transport, { timeoutMs, startedAt: t0 }));
  } catch (err) {
    return fail('stdio', err);
  }
}

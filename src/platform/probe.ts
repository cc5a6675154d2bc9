/**
 * `mcp transport test`: connect to one server directly (no running platform needed), initialize,
 * list its tools, and report timings. Stdio servers are spawned for the test and stopped after it.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import type { ServerConfig } from '../config/schema.js';
import type { TemplateResolvers } from '../config/template.js';
import { buildChildEnv } from '../runtime/index.js';
import { listAllTools, probeRemote, withTimeout } from '../transports/index.js';

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
  if (def.type === 'remote') {
    try {
      const r = await probeRemote(def, { resolvers, timeoutMs });
      return {
        name,
        ok: true,
        transport: r.transport ?? def.transport,
        initializeMs: r.initializeMs,
        listToolsMs: r.listToolsMs,
        totalMs: r.totalMs,
        serverInfo: r.serverInfo ?? null,
        protocolVersion: r.protocolVersion ?? null,
        tools: r.tools,
        error: null,
      };
    } catch (err) {
      return fail(def.transport, err);
    }
  }
  const client = new Client({ name: 'mcp-platform-test', version: '0.1.0' });
  let transport: StdioClientTransport | undefined;
  try {
    const env = await buildChildEnv(def.env, resolvers);
    transport = new StdioClientTransport({
      command: def.command,
      args: def.args,
      env,
      cwd: def.cwd,
      stderr: 'ignore',
    });
    const t1 = Date.now();
    await withTimeout(client.connect(transport, { timeout: timeoutMs }), timeoutMs, 'initialize');
    const t2 = Date.now();
    const tools = await withTimeout(listAllTools(client, { timeout: timeoutMs }), timeoutMs, 'tools/list');
    const t3 = Date.now();
    const info = client.getServerVersion();
    return {
      name,
      ok: true,
      transport: 'stdio',
      initializeMs: t2 - t1,
      listToolsMs: t3 - t2,
      totalMs: t3 - t0,
      serverInfo: info ? { name: info.name, version: info.version } : null,
      protocolVersion: null,
      tools: tools.map((t) => t.name),
      error: null,
    };
  } catch (err) {
    return fail('stdio', err);
  } finally {
    await client.close().catch(() => undefined);
  }
}

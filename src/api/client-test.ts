/**
 * Tests a client's gateway entry the way the client would use it: an HTTP entry is opened with its URL and
 * headers, a command entry (`mcp connect`) is launched over stdio with its env; then tools are listed.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

import { API_CLIENT_INFO } from './gateway-client.js';

/** The outcome of a test. */
export interface EntryTest {
  ok: boolean;
  /** `http` or `stdio`, or null when the entry could not be tested. */
  via: 'http' | 'stdio' | null;
  tools: number | null;
  durationMs: number;
  error: string | null;
}

const strings = (v: unknown): Record<string, string> =>
  v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

/** The transport an entry describes, or why there is none. */
function transportOf(
  entry: Record<string, unknown>,
): { transport: Transport; via: 'http' | 'stdio' } | string {
  const url = entry.url ?? entry.serverUrl ?? entry.httpUrl;
  if (typeof url === 'string') {
    if (typeof entry.bearer_token_env_var === 'string' && !entry.headers)
      return `the key comes from the ${entry.bearer_token_env_var} variable of the client's environment; test it from there`;
    return {
      transport: new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: strings(entry.headers) },
      }),
      via: 'http',
    };
  }
  if (typeof entry.command === 'string') {
    const args = Array.isArray(entry.args) ? entry.args.filter((a) => typeof a === 'string') : [];
    return {
      transport: new StdioClientTransport({
        command: entry.command,
        args,
        env: { ...getDefaultEnvironment(), ...strings(entry.env) },
        stderr: 'ignore',
      }),
      via: 'stdio',
    };
  }
  return 'the entry has neither a URL nor a command';
}

/** Connects as the entry says, lists tools, and closes; never throws. */
export async function testEntry(entry: Record<string, unknown>, timeoutMs = 20_000): Promise<EntryTest> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const t = transportOf(entry);
  if (typeof t === 'string') return { ok: false, via: null, tools: null, durationMs: 0, error: t };
  const client = new Client(API_CLIENT_INFO, { capabilities: {} });
  try {
    await client.connect(t.transport, { timeout: timeoutMs });
    const { tools } = await client.listTools(undefined, { timeout: timeoutMs });
    return { ok: true, via: t.via, tools: tools.length, durationMs: elapsed(), error: null };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { ok: false, via: t.via, tools: null, durationMs: elapsed(), error };
  } finally {
    if (t.transport instanceof StreamableHTTPClientTransport)
      await t.transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

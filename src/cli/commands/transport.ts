/**
 * `mcp transport list|status|test|metrics`: how each server is reached, and whether it answers.
 * @module
 */
import type { Command } from 'commander';

import { PlatformError, PlatformErrorCode } from '../../errors.js';
import { action, type CliContext } from '../context.js';

const KINDS = ['stdio', 'streamable-http', 'sse', 'websocket', 'unix'] as const;

/** Registers `mcp transport`. */
export function registerTransport(program: Command): void {
  const transport = program
    .command('transport')
    .description('transports: which servers use which, test a connection');

  transport
    .command('list')
    .description('the transports and the servers that use them')
    .action(
      action(async (ctx) => {
        const { config } = await (await ctx.config()).load();
        const { resolveTransportStrategy } = await import('../../transports/index.js');
        // An `auto` server is listed under the transport the running platform reached it over (SSE after
        // a fallback); under streamable-http, which it tries first, when no platform runs.
        const inUse = await transportsInUse(ctx);
        const kindOf = (name: string, s: (typeof config.servers)[string]): string => {
          const kind = configuredKind(s, resolveTransportStrategy);
          return kind === 'auto' ? (inUse.get(name) ?? 'streamable-http') : kind;
        };
        const isAuto = (s: (typeof config.servers)[string]): boolean =>
          configuredKind(s, resolveTransportStrategy) === 'auto';
        const rows = KINDS.map((kind) => ({
          transport: kind,
          servers: Object.entries(config.servers)
            .filter(([n, s]) => kindOf(n, s) === kind)
            .map(([n, s]) => (isAuto(s) ? `${n} (auto)` : n)),
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'transport', label: 'TRANSPORT' },
            { key: 'servers', label: 'SERVERS' },
          ]),
        );
      }),
    );

  transport
    .command('status')
    .description('connection state per server of the running platform')
    .action(
      action(async (ctx) => {
        const { loadStatus, paintState } = await import('../status.js');
        const st = await loadStatus(ctx);
        const rows = st.servers.map((s) => ({
          server: s.name,
          transport: s.transport,
          state: s.state,
          ping: s.pingMs === null ? '-' : `${s.pingMs.toFixed(1)} ms`,
          restarts: s.restarts,
          error: s.state === 'running' ? '' : (s.lastError?.message ?? ''),
        }));
        ctx.out.result({ running: st.platform.running, servers: rows }, () => {
          if (!st.platform.running)
            ctx.out.line(ctx.out.paint('gray', 'platform not running (start it with `mcp up`)'));
          ctx.out.table(rows, [
            { key: 'server', label: 'SERVER' },
            { key: 'transport', label: 'TRANSPORT' },
            { key: 'state', label: 'STATE', style: (v) => paintState(ctx.out, v) },
            { key: 'ping', label: 'PING' },
            { key: 'restarts', label: 'RECONNECTS/RESTARTS' },
            { key: 'error', label: 'LAST ERROR' },
          ]);
        });
      }),
    );

  transport
    .command('test <name>')
    .description(
      'connect to a server directly, initialize, list tools and report timings (no running platform needed)',
    )
    .option('--timeout <ms>', 'deadline of each step', '30000')
    .action(
      action(async (ctx, name: string, opts: { timeout: string }) => {
        const { config } = await (await ctx.config()).load();
        const def = config.servers[name];
        if (!def) {
          throw new PlatformError(
            PlatformErrorCode.ServerNotFound,
            `no server named "${name}"`,
            { name },
            { hint: 'see `mcp server list`' },
          );
        }
        const { testServer } = await import('../../platform/probe.js');
        const { SecretStore } = await import('../../config/secrets.js');
        const { lookupEnvVar } = await import('../../config/env.js');
        const secrets = new SecretStore(ctx.paths.secrets);
        const r = await testServer(
          name,
          def,
          { env: (n) => lookupEnvVar(n), secret: (n) => secrets.get(n) },
          Number(opts.timeout),
          config.security,
        );
        ctx.out.result(r, () => {
          if (!r.ok) {
            ctx.out.line(`${ctx.out.paint('red', '✘')} ${name} (${r.transport}): ${r.error}`);
            return;
          }
          ctx.out.success(
            `${name} answers over ${r.transport}: ${r.serverInfo ? `${r.serverInfo.name} ${r.serverInfo.version}` : 'unnamed server'}`,
          );
          ctx.out.line(`  initialize  ${r.initializeMs} ms`);
          ctx.out.line(`  tools/list  ${r.listToolsMs} ms (${r.tools.length} tools)`);
          ctx.out.line(`  total       ${r.totalMs} ms`);
          if (r.tools.length) ctx.out.line(`  tools: ${r.tools.join(', ')}`);
        });
        if (!r.ok) process.exitCode = 1;
      }),
    );

  transport
    .command('metrics')
    .description('messages, bytes, errors and latency per server of the running platform')
    .action(
      action(async (ctx) => {
        const { requirePlatform } = await import('../../platform/control-client.js');
        const client = await requirePlatform(ctx.paths);
        const { servers } = await client.get<{
          servers: {
            name: string;
            transport: string;
            pingMs: number | null;
            metrics: Record<string, number>;
          }[];
        }>('/api/v1/status');
        const rows = servers.map((s) => ({
          server: s.name,
          transport: s.transport,
          pingMs: s.pingMs,
          ...s.metrics,
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'server', label: 'SERVER' },
            { key: 'transport', label: 'TRANSPORT' },
            { key: 'messagesIn', label: 'MSGS IN' },
            { key: 'messagesOut', label: 'MSGS OUT' },
            { key: 'bytesIn', label: 'BYTES IN' },
            { key: 'bytesOut', label: 'BYTES OUT' },
            { key: 'errors', label: 'ERRORS' },
            { key: 'droppedLines', label: 'DROPPED LINES' },
            { key: 'pingMs', label: 'PING MS' },
          ]),
        );
      }),
    );
}

function configuredKind(
  s:
    | { type: 'stdio' }
    | { type: 'remote'; url: string; transport: 'auto' | 'streamable-http' | 'sse' | 'websocket' },
  resolve: (def: { url: string; transport: 'auto' | 'streamable-http' | 'sse' | 'websocket' }) => string,
): string {
  if (s.type === 'stdio') return 'stdio';
  try {
    return resolve(s);
  } catch {
    return s.transport;
  }
}

/** The transport each server of the running platform is reached over (empty when none runs). */
async function transportsInUse(ctx: CliContext): Promise<Map<string, string>> {
  const { loadStatus } = await import('../status.js');
  const st = await loadStatus(ctx).catch(() => undefined);
  if (!st?.platform.running) return new Map();
  return new Map(
    st.servers
      .filter((s) => (KINDS as readonly string[]).includes(s.transport))
      .map((s) => [s.name, s.transport]),
  );
}

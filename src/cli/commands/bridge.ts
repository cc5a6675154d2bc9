/**
 * `mcp bridge`: one server, one transport to another — a stdio server over HTTP (`--stdio`), or a remote
 * server over stdio (`--url`).
 * @module
 */
import type { Command } from 'commander';

import { UsageError } from '../../errors.js';
import { action } from '../context.js';
import { parsePort } from '../port.js';

interface BridgeFlags {
  stdio?: string;
  url?: string;
  host: string;
  port: string;
  output: string;
  apiKey?: string;
  name?: string;
  header?: string[];
  transport?: string;
  allowOrigin?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const TRANSPORTS = ['auto', 'streamable-http', 'sse', 'websocket'];

/** Registers `mcp bridge`. */
export function registerBridge(program: Command): void {
  program
    .command('bridge')
    .description('expose one stdio server over HTTP (--stdio), or one remote server over stdio (--url)')
    .option(
      '--stdio <command>',
      'the server command line (split into argv without a shell; quote with \' or ")',
    )
    .option('--url <url>', 'a remote MCP server to expose on stdin/stdout')
    .option('--host <host>', 'address to listen on (--stdio)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (--stdio; 0 picks one)', '8000')
    .option(
      '--output <transport>',
      'streamable-http (/mcp), sse (/sse) or ws (/ws): which URL is printed; all three are served',
      'streamable-http',
    )
    .option('--api-key <key>', 'require this bearer key (required off loopback)')
    .option('--allow-origin <origin>', 'browser origin allowed to connect (repeatable)', collect)
    .option('--name <name>', 'server name in logs and instructions')
    .option('-H, --header <header>', '--url: "Name: value" sent on every request (repeatable)', collect)
    .option('--transport <kind>', '--url: auto, streamable-http, sse or websocket', 'auto')
    .addHelpText(
      'after',
      '\nExamples:\n  mcp bridge --stdio "npx -y @modelcontextprotocol/server-memory" --port 8000\n' +
        '  mcp bridge --url https://example.com/mcp -H "Authorization: Bearer $TOKEN"',
    )
    .action(
      action(async (ctx, flags: BridgeFlags) => {
        if (!!flags.stdio === !!flags.url)
          throw new UsageError('give exactly one of --stdio <command> or --url <url>');
        const { createLogger } = await import('../../observability/logger.js');
        const logger = createLogger({
          level: ctx.debug ? 'debug' : 'info',
          format: 'text',
          stream: process.stderr,
        });
        if (flags.url) {
          if (!TRANSPORTS.includes(flags.transport ?? 'auto'))
            throw new UsageError(`--transport ${flags.transport} is unknown: use ${TRANSPORTS.join(', ')}`);
          const { runUrlBridge } = await import('../../bridge/http-to-stdio.js');
          const headers: Record<string, string> = {};
          for (const h of flags.header ?? []) {
            const at = h.indexOf(':');
            if (at <= 0) throw new UsageError(`header "${h}" is not "Name: value"`);
            headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
          }
          const { config } = await (await ctx.config()).load();
          const end = await runUrlBridge({
            url: flags.url,
            transport: flags.transport as 'auto',
            headers,
            urlPolicy: config.security,
            logger,
            io: { stdin: process.stdin, stdout: process.stdout },
          });
          if (end.reason !== 'client-closed') {
            logger.error(
              `bridge ended: ${end.reason === 'upstream-lost' ? `lost ${flags.url}: ` : ''}${end.error.message}`,
            );
            process.exitCode = 1;
          }
          return;
        }
        const paths: Record<string, string> = { 'streamable-http': '/mcp', sse: '/sse', ws: '/ws' };
        if (flags.output === 'websocket') flags.output = 'ws';
        if (!paths[flags.output]) {
          throw new UsageError(`--output ${flags.output} is not supported: use streamable-http, sse or ws`);
        }
        const port = parsePort(flags.port);
        const { splitCommand } = await import('../../bridge/argv.js');
        const { startStdioBridge } = await import('../../bridge/stdio-to-http.js');
        const bridge = await startStdioBridge({
          argv: splitCommand(flags.stdio!),
          ...(flags.name ? { name: flags.name } : {}),
          host: flags.host,
          port,
          apiKey: flags.apiKey,
          allowedOrigins: flags.allowOrigin ?? [],
          logger,
        });
        const ws = `${bridge.origin.replace(/^http/, 'ws')}/ws`;
        const urls = { mcp: `${bridge.origin}/mcp`, sse: `${bridge.origin}/sse`, ws };
        const url = flags.output === 'ws' ? ws : `${bridge.origin}${paths[flags.output]}`;
        const also = Object.values(urls).filter((u) => u !== url);
        ctx.out.result({ url, ...urls, health: `${bridge.origin}/health` }, () =>
          process.stderr.write(`bridging ${flags.stdio} at ${url} (also ${also.join(', ')}); Ctrl-C stops\n`),
        );
        await new Promise<void>((resolve) => {
          const stop = (): void => void bridge.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
}

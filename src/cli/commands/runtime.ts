/**
 * `mcp up`, `mcp down`, `mcp status`, `mcp health`: run the platform and look at it.
 * @module
 */
import type { Command } from 'commander';

import { action } from '../context.js';
import type { UpOptions } from '../up.js';

/** Registers the runtime commands. */
export function registerRuntime(program: Command): void {
  program
    .command('up')
    .description('run the active profile (supervised servers + gateway + local API) until Ctrl-C')
    .option('-p, --profile <name>', 'profile to run (default: the active profile)')
    .option('-d, --detach', 'run in the background and return once it is ready')
    .option('--host <host>', 'listen address (default: gateway.host, 127.0.0.1)')
    .option('--port <port>', 'listen port (default: gateway.port, 8090; 0 picks a free one)')
    .option('--no-auth', 'serve /mcp without API keys (loopback addresses only)')
    .action(
      action(async (ctx, opts: UpOptions) => {
        const { up } = await import('../up.js');
        await up(ctx, opts);
      }),
    );

  const gateway = program.command('gateway').description('the unified MCP endpoint (/mcp) of the platform');
  gateway
    .command('start')
    .description('run the platform with its gateway in the foreground (same as mcp up)')
    .option('-p, --profile <name>', 'profile to serve (default: the active profile)')
    .option('--host <host>', 'listen address (default: gateway.host, 127.0.0.1)')
    .option('--port <port>', 'listen port (default: gateway.port, 8090; 0 picks a free one)')
    .option('--no-auth', 'serve /mcp without API keys (loopback addresses only)')
    .option('-d, --detach', 'run in the background and return once it is ready')
    .action(
      action(async (ctx, opts: UpOptions) => {
        const { up } = await import('../up.js');
        await up(ctx, opts);
      }),
    );

  program
    .command('down')
    .description('stop the platform running for this home')
    .option('--timeout <seconds>', 'how long to wait', '30')
    .action(
      action(async (ctx, opts: { timeout?: string }) => {
        const { down } = await import('../status.js');
        await down(ctx, opts);
      }),
    );

  program
    .command('status')
    .description('the platform and every server: state, pid, uptime, restarts, CPU, RSS, tools')
    .action(
      action(async (ctx) => {
        const { status } = await import('../status.js');
        await status(ctx);
      }),
    );

  program
    .command('health [name]')
    .description('health of every server (or one); exit code 1 when anything is unhealthy')
    .action(
      action(async (ctx, name: string | undefined) => {
        const { health } = await import('../status.js');
        await health(ctx, name);
      }),
    );
}

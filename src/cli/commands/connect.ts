/**
 * `mcp connect`: the gateway over stdio, for clients that launch a command (Claude Desktop).
 * @module
 */
import type { Command } from 'commander';

import type { ConnectOptions } from '../connect.js';
import { action } from '../context.js';
import { UsageError } from '../../errors.js';

/** Registers `mcp connect`. */
export function registerConnect(program: Command): void {
  program
    .command('connect')
    .description(
      'relay MCP over stdin/stdout to the gateway of the running platform (starting one in the background if none runs)',
    )
    .option(
      '-p, --profile <name>',
      'profile of the platform to start when none runs (default: the active one)',
    )
    .option('-s, --server <name>', 'connect to one server with its original names (/ws/<server>)')
    .option(
      '--transport <transport>',
      'ws (one WebSocket for the session) or streamable-http (default: ws when the platform serves it)',
    )
    .addHelpText(
      'after',
      '\nAuthenticates with MCP_API_KEY when set, else with the control token of this home.\n' +
        'Stdout carries protocol only; messages go to stderr.\n' +
        'When the platform restarts, the session is resumed on the new one (a request in flight gets an error).',
    )
    .action(
      action(async (ctx, opts: ConnectOptions) => {
        if (opts.transport && !(['ws', 'streamable-http'] as string[]).includes(opts.transport)) {
          throw new UsageError(`--transport ${opts.transport} is not supported: use ws or streamable-http`);
        }
        const { connect } = await import('../connect.js');
        await connect(ctx, opts);
      }),
    );
}

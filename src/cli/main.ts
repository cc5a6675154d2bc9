/**
 * The `mcp` command line. Command groups are registered here; their work is loaded lazily when run,
 * so `mcp --version` and `mcp --help` start fast.
 * @module
 */
import { readFileSync } from 'node:fs';

import { Command, CommanderError, Option } from 'commander';

import { isPlatformError, PlatformErrorCode, UsageError } from '../errors.js';

import { registerBackup } from './commands/backup.js';
import { registerBridge } from './commands/bridge.js';
import { registerCatalog } from './commands/catalog.js';
import { registerClient } from './commands/client.js';
import { registerCompletion } from './commands/completion.js';
import { registerConfig } from './commands/config.js';
import { registerConnect } from './commands/connect.js';
import { registerDocker } from './commands/docker.js';
import { registerInit } from './commands/init.js';
import { registerInstall } from './commands/install.js';
import { registerKey } from './commands/key.js';
import { registerProfile } from './commands/profile.js';
import { registerRuntime } from './commands/runtime.js';
import { registerSecret } from './commands/secret.js';
import { registerServer } from './commands/server.js';
import { registerTools } from './commands/tools.js';
import { registerTransport } from './commands/transport.js';
import { ExitCode, Output } from './output.js';

let version: string | undefined;

/** The package version, read once from package.json (status answers ask for it on every request). */
export function packageVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}

/** Builds the full command tree (exported for completion and tests). */
export function buildProgram(): Command {
  const program = new Command('mcp')
    .description('MCP Platform: install, run and expose every MCP server through one gateway')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--json', 'machine-readable JSON output')
    .option('--home <dir>', 'platform home (MCP_HOME wins when set; default ~/.mcp-platform)')
    .option('--debug', 'show stack traces and debug detail')
    .addOption(new Option('--no-color', 'disable colour'))
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .exitOverride();
  registerInit(program);
  registerRuntime(program);
  registerConnect(program);
  registerBridge(program);
  registerConfig(program);
  registerServer(program);
  registerProfile(program);
  registerTransport(program);
  registerTools(program);
  registerSecret(program);
  registerKey(program);
  registerClient(program);
  registerCatalog(program);
  registerInstall(program);
  registerDocker(program);
  registerBackup(program);
  registerCompletion(program);
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.commands.forEach(override);
  });
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.Ok;
  }
  // `mcp ... | head`: a reader that stops reading ends the command quietly, as other CLIs do. The commands
  // whose stdout is an MCP stream (connect, bridge) see their peer leave through their transports instead.
  if (argv[0] !== 'connect' && argv[0] !== 'bridge') {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(ExitCode.Ok);
      throw err;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    return reportError(err, argv.includes('--debug'), argv.includes('--json'));
  }
}

function reportError(err: unknown, debug: boolean, json: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) {
      return ExitCode.Ok;
    }
    return ExitCode.Usage;
  }
  const out = new Output({ json: false, color: process.stderr.isTTY === true && !json });
  if (isPlatformError(err)) {
    if (json)
      process.stderr.write(
        JSON.stringify({ error: { code: err.code, message: err.message, hint: err.hint, data: err.data } }) +
          '\n',
      );
    else out.error(err.message, err.hint, debug ? err.stack : undefined);
    return err instanceof UsageError || err.code === PlatformErrorCode.InvalidName
      ? ExitCode.Usage
      : ExitCode.Failure;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  out.error(
    e.message,
    'run again with --debug for details, and report it if it persists',
    debug ? e.stack : undefined,
  );
  return ExitCode.Failure;
}

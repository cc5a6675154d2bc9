/**
 * Command-line flags and environment variables, parsed in one place. Pure: pass argv and env in.
 * @module
 */
import { parseArgs } from 'node:util';

/** Printed for `--help` and after a usage error. */
export const USAGE = `Usage: echo-mcp [--http] [--port N] [--host H] [--allowed-host NAME]...

  (no flags)          speak MCP over stdin/stdout
  --http              serve Streamable HTTP at http://HOST:PORT/mcp instead
  --port N            HTTP port (default: $PORT, else 3000; 0 picks a free port)
  --host H            interface to bind (default 127.0.0.1)
  --allowed-host NAME extra Host header value to accept (repeatable), e.g. my-box or my-box:8080
  -h, --help          show this help`;

/** Where and how to serve. */
export type TransportOptions =
  | { readonly kind: 'stdio' }
  | {
      readonly kind: 'http';
      readonly host: string;
      readonly port: number;
      readonly allowedHosts: readonly string[];
    };

/** Everything the entry point needs. */
export interface EchoOptions {
  readonly help: boolean;
  readonly transport: TransportOptions;
}

/** Bad flags or environment; the entry prints the message and {@link USAGE}, and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses flags and environment.
 * @example parseOptions(['--http', '--port', '8080'], {}) // { help: false, transport: { kind: 'http', port: 8080, ... } }
 */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): EchoOptions {
  const flags = parseFlags(argv);
  if (flags.help) return { help: true, transport: { kind: 'stdio' } };
  return { help: false, transport: parseTransport(flags, env) };
}

type Flags = ReturnType<typeof parseFlags>;

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        http: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The transport part; the same in every example. */
function parseTransport(flags: Flags, env: NodeJS.ProcessEnv): TransportOptions {
  if (!flags.http) {
    if (flags.port !== undefined || flags.host !== undefined || flags['allowed-host'] !== undefined) {
      throw new UsageError('--port, --host and --allowed-host only apply with --http');
    }
    return { kind: 'stdio' };
  }
  const portText = flags.port ?? nonEmpty(env.PORT) ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new UsageError(`port must be an integer from 0 to 65535, got "${portText}"`);
  }
  return { kind: 'http', host: flags.host ?? '127.0.0.1', port, allowedHosts: flags['allowed-host'] ?? [] };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Command-line flags and environment variables, parsed in one place. Pure: pass argv and env in.
 * @module
 */
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { DEFAULT_FORECAST_URL, DEFAULT_GEOCODING_URL } from './open-meteo.js';

/** Printed for `--help` and after a usage error. */
export const USAGE = `Usage: weather-mcp [--http] [--port N] [--host H] [--allowed-host NAME]...

  (no flags)          speak MCP over stdin/stdout
  --http              serve Streamable HTTP at http://HOST:PORT/mcp instead
  --port N            HTTP port (default: $PORT, else 3000; 0 picks a free port)
  --host H            interface to bind (default 127.0.0.1)
  --allowed-host NAME extra Host header value to accept (repeatable), e.g. my-box or my-box:8080
  -h, --help          show this help

Environment:
  WEATHER_GEOCODING_URL      geocoding API base URL (default https://geocoding-api.open-meteo.com)
  WEATHER_FORECAST_URL       forecast API base URL (default https://api.open-meteo.com)
  WEATHER_TIMEOUT_MS         per-request timeout (default 10000)
  WEATHER_RETRIES            retries after a 5xx or network error (default 2)
  WEATHER_CACHE_TTL_SECONDS  how long responses are reused, 0 = off (default 600)`;

/** Where and how to serve. */
export type TransportOptions =
  | { readonly kind: 'stdio' }
  | {
      readonly kind: 'http';
      readonly host: string;
      readonly port: number;
      readonly allowedHosts: readonly string[];
    };

/** How to reach Open-Meteo. */
export interface UpstreamOptions {
  readonly geocodingUrl: string;
  readonly forecastUrl: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly cacheTtlMs: number;
}

/** Everything the entry point needs. */
export interface WeatherOptions {
  readonly help: boolean;
  readonly transport: TransportOptions;
  readonly upstream: UpstreamOptions;
}

const httpUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

const envSchema = z.object({
  WEATHER_GEOCODING_URL: httpUrl(DEFAULT_GEOCODING_URL),
  WEATHER_FORECAST_URL: httpUrl(DEFAULT_FORECAST_URL),
  WEATHER_TIMEOUT_MS: z.coerce.number().int().min(1).max(300_000).default(10_000),
  WEATHER_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  WEATHER_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(600),
});

/** Bad flags or environment; the entry prints the message and {@link USAGE}, and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses flags and environment.
 * @example parseOptions([], { WEATHER_RETRIES: '0' }).upstream.retries // 0
 */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): WeatherOptions {
  const flags = parseFlags(argv);
  const upstream = parseUpstream(env);
  if (flags.help) return { help: true, transport: { kind: 'stdio' }, upstream };
  return { help: false, transport: parseTransport(flags, env), upstream };
}

function parseUpstream(env: NodeJS.ProcessEnv): UpstreamOptions {
  // Unset and empty are the same thing for environment variables.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error));
  const e = parsed.data;
  return {
    geocodingUrl: e.WEATHER_GEOCODING_URL,
    forecastUrl: e.WEATHER_FORECAST_URL,
    timeoutMs: e.WEATHER_TIMEOUT_MS,
    retries: e.WEATHER_RETRIES,
    cacheTtlMs: e.WEATHER_CACHE_TTL_SECONDS * 1_000,
  };
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

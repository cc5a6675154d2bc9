#!/usr/bin/env node
/**
 * Entry point: MCP over stdio by default, Streamable HTTP with `--http`. One Open-Meteo client
 * (and so one cache) serves every session.
 *
 * Stdout carries MCP messages in stdio mode, so everything human-readable goes to stderr.
 * @module
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { startHttpServer } from './http.js';
import { OpenMeteoClient } from './open-meteo.js';
import { parseOptions, USAGE, UsageError, type TransportOptions } from './options.js';
import { createWeatherServer, SERVER_INFO } from './server.js';

function log(message: string): void {
  process.stderr.write(`${SERVER_INFO.name}: ${message}\n`);
}

/** Serves until stdin ends (stdio) or a signal arrives; resolves to a stop function. */
async function serve(transport: TransportOptions, weather: OpenMeteoClient): Promise<() => Promise<void>> {
  if (transport.kind === 'stdio') {
    const server = createWeatherServer({ weather });
    await server.connect(new StdioServerTransport());
    return () => server.close();
  }
  const running = await startHttpServer({
    createServer: () => createWeatherServer({ weather }),
    host: transport.host,
    port: transport.port,
    allowedHosts: transport.allowedHosts,
    onerror: (error) => log(error.message),
  });
  log(`listening on ${running.url.href}`);
  return () => running.close();
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }

  const stop = await serve(options.transport, new OpenMeteoClient(options.upstream));
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    // A stuck close must not keep the process alive forever.
    setTimeout(() => process.exit(1), 5_000).unref();
    stop().catch((error: unknown) => {
      log(`shutdown failed: ${String(error)}`);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // In stdio mode the client ends the session by closing our stdin.
  if (options.transport.kind === 'stdio') process.stdin.once('end', shutdown);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

#!/usr/bin/env node
/**
 * Entry point: opens the database, applies migrations, then serves MCP over stdio (default) or
 * Streamable HTTP (`--http`). Every HTTP session gets its own McpServer; all share one store.
 *
 * Stdout carries MCP messages in stdio mode, so everything human-readable goes to stderr.
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import type { SqlDriver } from './db/driver.js';
import { migrate } from './db/migrations.js';
import { openPostgresDriver } from './db/postgres.js';
import { openSqliteDriver } from './db/sqlite.js';
import { startHttpServer } from './http.js';
import { parseOptions, USAGE, UsageError, type StorageOptions, type TransportOptions } from './options.js';
import { createTodoServer, SERVER_INFO } from './server.js';
import { TodoStore } from './store.js';

function log(message: string): void {
  process.stderr.write(`${SERVER_INFO.name}: ${message}\n`);
}

async function openDatabase(storage: StorageOptions): Promise<SqlDriver> {
  if (storage.kind === 'postgres') {
    return openPostgresDriver({ connectionString: storage.url }, (error) =>
      log(`database: ${error.message}`),
    );
  }
  await mkdir(dirname(storage.path), { recursive: true });
  return openSqliteDriver(storage.path);
}

/** Serves until stdin ends (stdio) or a signal arrives; resolves to a stop function. */
async function serve(transport: TransportOptions, store: TodoStore): Promise<() => Promise<void>> {
  if (transport.kind === 'stdio') {
    const server = createTodoServer({ store });
    await server.connect(new StdioServerTransport());
    return () => server.close();
  }
  const running = await startHttpServer({
    createServer: () => createTodoServer({ store }),
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

  const db = await openDatabase(options.storage);
  let stopServing: () => Promise<void>;
  try {
    const { applied, version } = await migrate(db);
    const where = options.storage.kind === 'sqlite' ? options.storage.path : 'PostgreSQL';
    log(
      `database ${where} at schema version ${version}${applied.length ? ` (applied ${applied.join(', ')})` : ''}`,
    );
    stopServing = await serve(options.transport, new TodoStore(db));
  } catch (error) {
    await db.close();
    throw error;
  }

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    // A stuck close must not keep the process alive forever.
    setTimeout(() => process.exit(1), 5_000).unref();
    stopServing()
      .finally(() => db.close())
      .catch((error: unknown) => {
        log(`shutdown failed: ${String(error)}`);
        process.exitCode = 1;
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // In stdio mode the client ends the session by closing our stdin.
  if (options.transport.kind === 'stdio') process.stdin.once('end', shutdown);
}

/** One line per cause; a refused connection to a dual-stack host is an AggregateError with no message. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describeError).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

main().catch((error: unknown) => {
  log(describeError(error));
  process.exitCode = 1;
});

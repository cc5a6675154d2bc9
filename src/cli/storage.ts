/**
 * Opens the operational-state storage of a home for one command: SQLite in the home, or PostgreSQL
 * when MCP_DATABASE_URL is set.
 * @module
 */
import type { Storage } from '../store/index.js';

import type { CliContext } from './context.js';

/** Opens storage (migrated), runs `fn`, and always closes it. */
export async function withStorage<T>(ctx: CliContext, fn: (s: Storage) => Promise<T>): Promise<T> {
  const { openStorage } = await import('../store/index.js');
  await (await ctx.config()).ensureHome();
  const storage = await openStorage({ sqlitePath: ctx.paths.stateDb, databaseUrl: ctx.env.databaseUrl });
  try {
    await storage.migrate();
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

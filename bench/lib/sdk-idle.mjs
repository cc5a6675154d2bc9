/**
 * The least memory a gateway built on the official SDK can have: Node with a `node:http` server and the
 * SDK's client, server and transports imported (which loads zod and the SDK's schemas), doing nothing.
 * With `--sqlite <file>` it also opens an embedded SQLite database through libsql, as the platform does
 * for its operational state. The benchmark bundles this file as the platform's CLI is bundled and reads
 * the RSS of both forms next to the gateway's.
 * Usage: node sdk-idle.mjs [--sqlite <file>]   (prints `listening <port>`)
 */
import { createServer } from 'node:http';

import '@modelcontextprotocol/sdk/client/index.js';
import '@modelcontextprotocol/sdk/client/stdio.js';
import '@modelcontextprotocol/sdk/client/streamableHttp.js';
import '@modelcontextprotocol/sdk/server/index.js';

const sqlite = process.argv.indexOf('--sqlite');
if (sqlite !== -1) {
  const { pathToFileURL } = await import('node:url');
  const { createClient } = await import('@libsql/client/sqlite3');
  const db = createClient({ url: pathToFileURL(process.argv[sqlite + 1]).href });
  await db.execute('PRAGMA journal_mode = WAL');
  await db.execute('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)');
  await db.execute('SELECT * FROM kv');
}

const server = createServer((_req, res) => res.writeHead(404).end());
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

/**
 * Runs the built server (dist/index.js) as a real child process: over stdio on SQLite and on
 * PostgreSQL, and over Streamable HTTP. The build is refreshed first when a source file is newer.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { backends, sqliteBackend, type TestDatabase } from '../test/backends.js';
import type { TodoItem } from './store.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Builds with tsc unless dist/index.js is newer than every source file. */
function ensureBuilt(): void {
  const srcDir = fileURLToPath(new URL('.', import.meta.url));
  const newestSource = Math.max(
    ...readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => statSync(`${srcDir}/${f}`).mtimeMs),
  );
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
}

async function connectStdio(env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'e2e', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

/** Starts `node dist/index.js --http --port 0` and waits for the URL it logs on stderr. */
function startHttpChild(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: URL; stderr: string }> {
  const child = spawn(process.execPath, [entry, '--http', '--port', '0'], {
    env: { ...getDefaultEnvironment(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (\S+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: new URL(match[1]), stderr });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function addTodo(client: Client, title: string): Promise<TodoItem> {
  const result = await client.callTool({ name: 'add_todo', arguments: { title } });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return (result.structuredContent as { item: TodoItem }).item;
}

beforeAll(() => ensureBuilt(), 120_000);

describe.each(backends)('built todo-mcp over stdio on $name', (backend) => {
  let database: TestDatabase;

  afterEach(async () => {
    await database.dispose();
  });

  it('migrates, stores todos, and keeps them across restarts', async () => {
    database = await backend.open();

    const first = await connectStdio(database.env);
    const item = await addTodo(first, 'survive a restart');
    const started = Date.now();
    await first.close();
    // close() only sends SIGTERM after 2 s; a quick close means the server (and its database
    // pool) shut down by itself when stdin ended.
    expect(Date.now() - started).toBeLessThan(1_900);

    const second = await connectStdio(database.env);
    const listed = await second.callTool({ name: 'list_todos', arguments: {} });
    expect((listed.structuredContent as { items: TodoItem[] }).items).toEqual([item]);
    await second.close();

    // The server wrote to the database the environment pointed at, through the migrations.
    const versions = await database.db.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((r) => Number(r.version))).toEqual([1, 2]);
    const titles = await database.db.query('SELECT title FROM items');
    expect(titles).toEqual([{ title: 'survive a restart' }]);
  });
});

describe('built todo-mcp over HTTP', () => {
  let database: TestDatabase;

  afterEach(async () => {
    await database.dispose();
  });

  it('creates the database directory, serves sessions that share one store, and stops on SIGTERM', async () => {
    database = await sqliteBackend.open();
    const path = join(dirname(database.env.TODO_DB_PATH ?? ''), 'not', 'yet', 'there.db');
    const { child, url, stderr } = await startHttpChild({ TODO_DB_PATH: path });
    try {
      expect(stderr).toContain(`database ${path} at schema version 2 (applied 1, 2)`);
      const a = new Client({ name: 'a', version: '0.0.0' });
      await a.connect(new StreamableHTTPClientTransport(url));
      const b = new Client({ name: 'b', version: '0.0.0' });
      await b.connect(new StreamableHTTPClientTransport(url));

      const item = await addTodo(a, 'seen by b');
      const { contents } = await b.readResource({ uri: 'todo://lists/inbox' });
      expect(parseJsonContent(contents)).toEqual({ list: 'inbox', items: [item] });
      await a.close();
      await b.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitCode(child)).toBe(0);
  });

  it('exits with 1 and a clear message when the database is newer than the server', async () => {
    database = await sqliteBackend.open();
    const { migrate } = await import('./db/migrations.js');
    await migrate(database.db);
    await database.db.query("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00Z')");
    const child = spawn(process.execPath, [entry], {
      env: { ...getDefaultEnvironment(), ...database.env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    expect(await exitCode(child)).toBe(1);
    expect(stderr).toContain('schema is at version 99');
  });
});

/** The JSON in a single text resource. */
function parseJsonContent(contents: ({ text: string } | { blob: string })[]): unknown {
  const [first] = contents;
  if (contents.length !== 1 || !first || !('text' in first)) throw new Error('expected one text content');
  return JSON.parse(first.text);
}

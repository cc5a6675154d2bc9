import { describe, expect, it } from 'vitest';

import { parseOptions, UsageError } from './options.js';

const home = () => '/home/ann';

describe('parseOptions', () => {
  it('defaults to stdio and SQLite under ~/.local/share', () => {
    expect(parseOptions([], {}, home)).toEqual({
      help: false,
      transport: { kind: 'stdio' },
      storage: { kind: 'sqlite', path: '/home/ann/.local/share/todo-mcp/todo.db' },
    });
  });

  it('puts the database under an absolute XDG_DATA_HOME, ignoring a relative one', () => {
    expect(parseOptions([], { XDG_DATA_HOME: '/data' }, home).storage).toEqual({
      kind: 'sqlite',
      path: '/data/todo-mcp/todo.db',
    });
    expect(parseOptions([], { XDG_DATA_HOME: 'rel' }, home).storage).toMatchObject({
      path: '/home/ann/.local/share/todo-mcp/todo.db',
    });
  });

  it('takes the SQLite path from TODO_DB_PATH', () => {
    expect(parseOptions([], { TODO_DB_PATH: '/tmp/t.db' }, home).storage).toEqual({
      kind: 'sqlite',
      path: '/tmp/t.db',
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, even with TODO_DB_PATH', () => {
    const env = { DATABASE_URL: 'postgresql://u@db/todo', TODO_DB_PATH: '/tmp/t.db' };
    expect(parseOptions([], env, home).storage).toEqual({ kind: 'postgres', url: 'postgresql://u@db/todo' });
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => parseOptions([], { DATABASE_URL: 'mysql://db/todo' }, home)).toThrow(UsageError);
  });

  it('serves HTTP with --http, port from --port or PORT', () => {
    expect(parseOptions(['--http'], { PORT: '8081' }, home).transport).toEqual({
      kind: 'http',
      host: '127.0.0.1',
      port: 8081,
      allowedHosts: [],
    });
    expect(parseOptions(['--http', '--port', '0'], {}, home).transport).toMatchObject({ port: 0 });
  });

  it('rejects unknown flags and bad ports', () => {
    expect(() => parseOptions(['--db', 'x'], {}, home)).toThrow(UsageError);
    expect(() => parseOptions(['--http', '--port', 'x'], {}, home)).toThrow(UsageError);
  });
});

/**
 * The example servers bundled with the package (examples/*), as server definitions for
 * `mcp init --with-examples` and `npm start`.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { packageRoot } from './package-root.js';

/** Definitions of the bundled examples that are built (have a dist/index.js), keyed by server name. */
export function bundledExamples(home: string): Record<string, Record<string, unknown>> {
  const root = packageRoot();
  const entry = (pkg: string): string => path.join(root, 'examples', pkg, 'dist', 'index.js');
  const all: Record<string, Record<string, unknown>> = {
    echo: {
      command: process.execPath,
      args: [entry('echo-mcp')],
      description: 'Example: echo and reverse tools, a resource and a prompt',
    },
    todo: {
      command: process.execPath,
      args: [entry('todo-mcp')],
      env: { TODO_DB_PATH: path.join(home, 'data', 'todo.db') },
      description: 'Example: todo lists persisted in SQLite (PostgreSQL with DATABASE_URL)',
    },
    weather: {
      command: process.execPath,
      args: [entry('weather-mcp')],
      description: 'Example: current weather and forecasts from Open-Meteo',
    },
  };
  return Object.fromEntries(Object.entries(all).filter(([, d]) => existsSync((d.args as string[])[0]!)));
}

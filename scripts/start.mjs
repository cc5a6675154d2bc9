#!/usr/bin/env node
// Usage: npm start — runs the platform in the foreground with the bundled example servers.
// State goes to .mcp-home/ in the checkout unless MCP_HOME is set. Extra arguments go to `mcp up`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { PLATFORM_NODE_FLAGS } from '../dist/cli/node-flags.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = process.env.MCP_HOME || path.join(root, '.mcp-home');
const env = { ...process.env, MCP_HOME: home };
const mcp = (args, opts = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin', 'mcp.js'), ...args], {
    env,
    stdio: 'inherit',
    ...opts,
  });

let firstKey;
if (!existsSync(path.join(home, 'config.yaml'))) {
  const init = mcp(['init', '--with-examples']);
  if (init.status !== 0) process.exit(init.status ?? 1);
  // A first admin key for the dashboard, shown once on this terminal (stored only as a hash).
  const key = mcp(['key', 'create', '--name', 'dashboard', '--scope', 'admin', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (key.status === 0) firstKey = JSON.parse(key.stdout.toString()).key;
}
process.stderr.write(
  [
    `MCP Platform home: ${home}`,
    firstKey
      ? `Dashboard login key (shown only now, keep it): ${firstKey}`
      : `Dashboard login: an API key with the admin scope (MCP_HOME=${home} node bin/mcp.js key create --name <name> --scope admin)`,
    'The dashboard URL is printed below once the platform listens (default http://127.0.0.1:8090/).',
    `In another terminal: MCP_HOME=${home} node bin/mcp.js status`,
    '',
    '',
  ].join('\n'),
);
const up = spawn(
  process.execPath,
  [...PLATFORM_NODE_FLAGS, path.join(root, 'bin', 'mcp.js'), 'up', ...process.argv.slice(2)],
  {
    env,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches both processes; `mcp up` shuts down gracefully, this wrapper just waits for it.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => up.kill('SIGTERM'));
up.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * The peer proxies the gateway benchmark compares with, installed as devDependencies from npm and run on
 * 127.0.0.1 in front of the same stdio server: supergateway (`--stateful` Streamable HTTP), mcp-proxy
 * (Streamable HTTP) and mcp-hub (its unified `/mcp` endpoint). Each is started as its documented CLI.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort, waitForPort } from '../../test/fixtures/remote/processes.js';

/** A started peer: where its MCP endpoint is, and its process. */
export interface Peer {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
}

// Ports as the remote-server test fixtures take and wait for them.
export { freePort, waitForPort };

/** Starts the three peers in front of `node <server>`; `track` receives each process for cleanup. */
export async function startPeers(
  root: string,
  server: string,
  track: (child: ChildProcess) => void,
): Promise<Peer[]> {
  const bin = (pkg: string, file: string): string => path.join(root, 'node_modules', pkg, file);
  const run = (args: string[]): ChildProcess => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    track(child);
    return child;
  };
  const command = `"${process.execPath}" "${server}"`;

  const sgPort = await freePort();
  const supergateway = run([
    bin('supergateway', 'dist/index.js'),
    '--stdio',
    command,
    '--outputTransport',
    'streamableHttp',
    '--stateful',
    '--port',
    String(sgPort),
    '--logLevel',
    'none',
  ]);

  const proxyPort = await freePort();
  const proxy = run([
    bin('mcp-proxy', 'dist/bin/mcp-proxy.mjs'),
    '--host',
    '127.0.0.1',
    '--port',
    String(proxyPort),
    '--server',
    'stream',
    '--',
    process.execPath,
    server,
  ]);

  const hubPort = await freePort();
  const config = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcp-bench-hub-')), 'servers.json');
  writeFileSync(
    config,
    JSON.stringify({ mcpServers: { echo: { command: process.execPath, args: [server] } } }),
  );
  const hub = run([bin('mcp-hub', 'dist/cli.js'), '--port', String(hubPort), '--config', config]);

  await Promise.all([sgPort, proxyPort, hubPort].map((p) => waitForPort(p, 20_000)));
  return [
    { name: 'supergateway --stateful', url: `http://127.0.0.1:${sgPort}/mcp`, child: supergateway },
    { name: 'mcp-proxy', url: `http://127.0.0.1:${proxyPort}/mcp`, child: proxy },
    { name: 'mcp-hub', url: `http://127.0.0.1:${hubPort}/mcp`, child: hub },
  ];
}

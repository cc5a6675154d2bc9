/**
 * The peer proxies the gateway benchmark compares with, installed as devDependencies from npm and run on
 * 127.0.0.1 in front of the same stdio server: supergateway (`--stateful` Streamable HTTP), mcp-proxy
 * (Streamable HTTP) and mcp-hub (its unified `/mcp` endpoint). Each is started as its documented CLI.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A started peer: where its MCP endpoint is, and its process. */
export interface Peer {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
}

/** A free port on 127.0.0.1 (taken and released, for CLIs that cannot report the port they bound). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on `port` (polling), or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

  await Promise.all([waitForPort(sgPort), waitForPort(proxyPort), waitForPort(hubPort)]);
  return [
    { name: 'supergateway --stateful', url: `http://127.0.0.1:${sgPort}/mcp`, child: supergateway },
    { name: 'mcp-proxy', url: `http://127.0.0.1:${proxyPort}/mcp`, child: proxy },
    { name: 'mcp-hub', url: `http://127.0.0.1:${hubPort}/mcp`, child: hub },
  ];
}

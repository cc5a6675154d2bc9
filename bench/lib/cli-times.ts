/**
 * Start-up time of the `mcp` CLI: each run is a fresh `node bin/mcp.js ...` process, timed from spawn to exit.
 * @module
 */
import path from 'node:path';

import { runChild } from './child.js';

/** One command line to time. */
export interface CliCase {
  readonly id: string;
  /** Arguments after `node`. */
  readonly args: string[];
}

/** `node -e 0`, the floor (Node's own start-up), and the three `mcp` commands. */
export function cliCases(root: string): CliCase[] {
  const bin = path.join(root, 'bin/mcp.js');
  return [
    { id: 'node -e 0', args: ['-e', '0'] },
    { id: 'mcp --version', args: [bin, '--version'] },
    { id: 'mcp --help', args: [bin, '--help'] },
    { id: 'mcp server list', args: [bin, 'server', 'list'] },
  ];
}

/**
 * Where a server's start-up time goes, without an MCP session: loading the SDK server modules alone, and
 * loading the whole echo-mcp server (`--help` imports everything, prints usage and exits).
 */
export function serverLoadCases(root: string): CliCase[] {
  const sdk =
    "await import('@modelcontextprotocol/sdk/server/mcp.js'); await import('@modelcontextprotocol/sdk/server/stdio.js')";
  return [
    { id: 'node: import SDK McpServer + stdio', args: ['--input-type=module', '-e', sdk] },
    { id: 'node echo-mcp --help', args: [path.join(root, 'examples/echo-mcp/dist/index.js'), '--help'] },
  ];
}

/** Runs one case once in `root` with `MCP_HOME` set to `home`; throws on a non-zero exit. */
export async function timeCli(c: CliCase, root: string, home: string): Promise<number> {
  const env = { ...process.env, MCP_HOME: home, NO_COLOR: '1' };
  const res = await runChild(process.execPath, c.args, { env, cwd: root, timeoutMs: 30_000 });
  if (res.code !== 0) throw new Error(`${c.id} exited ${res.code ?? res.signal}: ${res.stderr.slice(-500)}`);
  return res.ms;
}

/**
 * The entry of clients that only start commands: `mcp connect` with absolute paths (such clients do not
 * inherit a shell PATH), and the platform's home and the client's key in its environment.
 */
import type { GatewayTarget } from '../types.js';

export function connectEntry(t: GatewayTarget): {
  command: string;
  args: string[];
  env: Record<string, string>;
} {
  return {
    command: t.node,
    args: [t.bin, 'connect', ...(t.profile ? ['--profile', t.profile] : [])],
    env: { MCP_HOME: t.home, MCP_API_KEY: t.key },
  };
}

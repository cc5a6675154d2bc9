/**
 * Node flags of the long-running platform process. V8 takes them only when Node starts, so they are given
 * on the command line of every process that runs the platform: `bin/mcp.js`'s shebang (which has to spell
 * them out itself), the detached `mcp up`, `npm start` and the benchmark.
 * @module
 */

/** Small V8 semi-spaces (1 MB instead of up to 16 MB): about 10 MB less RSS, more frequent, cheaper scavenges. */
export const PLATFORM_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

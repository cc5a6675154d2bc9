/**
 * `--port` of `mcp up` and `mcp bridge`: a whole number from 0 (any free port) to 65535.
 * @module
 */
import { UsageError } from '../errors.js';

/** `value` as a port, or a usage error naming what is wrong with it. */
export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) throw new UsageError(`--port ${value} is not a port: give 0 to 65535`);
  return port;
}

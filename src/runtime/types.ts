/**
 * Small injected-I/O types shared by the runtime: clock, logger, spawn and kill.
 * @module
 */
import type { spawn } from 'node:child_process';

import type { Logger } from '../observability/logger.js';

/** Wall clock in milliseconds; `Date` satisfies it. */
export interface Clock {
  now(): number;
}

/** Uniform random number in [0, 1); `Math.random` satisfies it. */
export type RandomFn = () => number;

/** The node `spawn` function (injected so tests can wrap it; they never replace it with a fake). */
export type SpawnFn = typeof spawn;

/** `process.kill`: a negative pid addresses a whole process group. */
export type KillFn = (pid: number, signal?: NodeJS.Signals | number) => boolean | void;

/** The part of the platform's injected `Logger` the runtime uses. Library code logs here, never to the console. */
export type RuntimeLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** A logger that discards everything; the default when none is injected. */
export const silentLogger: RuntimeLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

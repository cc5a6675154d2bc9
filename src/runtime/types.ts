/**
 * Injected process I/O of the runtime: spawn and kill. The clock, randomness, timers and logger types are
 * shared by every layer and live in `core/types.ts`.
 * @module
 */
import type { spawn } from 'node:child_process';

/** The node `spawn` function (injected so tests can wrap it; they never replace it with a fake). */
export type SpawnFn = typeof spawn;

/** `process.kill`: a negative pid addresses a whole process group. */
export type KillFn = (pid: number, signal?: NodeJS.Signals | number) => boolean | void;

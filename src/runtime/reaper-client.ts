/**
 * The platform's side of the reaper (see `reaper.js`): spawns it once and tells it every server process group.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { silentLogger, type LeveledLogger } from '../core/types.js';
import { errorMessage } from '../errors.js';

import type { SpawnFn } from './types.js';

/** Where `reaper.js` lives: next to this module. */
export const DEFAULT_REAPER_SCRIPT = fileURLToPath(new URL('../runtime/reaper.js', import.meta.url));

/** Options of {@link ProcessReaper}. */
export interface ProcessReaperOptions {
  /** Path of the reaper script. Default: `reaper.js` beside this module. */
  script?: string;
  /** How long the reaper waits between SIGTERM and SIGKILL. Default 2000. */
  graceMs?: number;
  /** The node executable. Default `process.execPath`. */
  execPath?: string;
  spawnFn?: SpawnFn;
  logger?: LeveledLogger;
}

/**
 * Keeps a reaper process alive and registered with every live server process group, so no server outlives
 * the platform. The reaper and its pipe are unref'd: they never keep the platform's event loop alive.
 * @example
 * const reaper = new ProcessReaper();
 * reaper.register(child.pid!);  // after spawning a detached server
 * reaper.unregister(child.pid!); // after it exited
 */
export class ProcessReaper {
  private child: ChildProcess | undefined;
  private readonly groups = new Set<number>();
  private readonly logger: LeveledLogger;
  private disabled = false;
  private closing = false;

  constructor(private readonly options: ProcessReaperOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  /** The reaper's pid while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Registers a process group; spawns the reaper on first use (and again if it died). */
  register(pgid: number): void {
    this.groups.add(pgid);
    if (this.ensure()) this.send(`+${pgid}`);
  }

  /** Forgets a process group (its leader exited and the group was cleaned up). */
  unregister(pgid: number): void {
    this.groups.delete(pgid);
    if (this.child) this.send(`-${pgid}`);
  }

  /**
   * Ends the reaper. Groups still registered are reaped by it (SIGTERM, then SIGKILL), so call this after
   * stopping the servers for a graceful shutdown.
   */
  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // The child is unref'd; while waiting for it, a ref'd timer keeps the event loop alive (else a script
    // with nothing else pending would exit before `close()` resolves).
    const keepAlive = setInterval(() => undefined, 1000);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    try {
      await exited;
    } finally {
      clearInterval(keepAlive);
    }
  }

  private ensure(): boolean {
    if (this.child || this.disabled || this.closing) return this.child !== undefined;
    const script = this.options.script ?? DEFAULT_REAPER_SCRIPT;
    if (!existsSync(script)) {
      this.disabled = true;
      this.logger.error('reaper script missing: servers may outlive a crashed platform', { script });
      return false;
    }
    const spawnFn = this.options.spawnFn ?? spawn;
    const child = spawnFn(
      this.options.execPath ?? process.execPath,
      [script, String(this.options.graceMs ?? 2000)],
      {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        env: {},
      },
    );
    child.on('error', (err) => this.logger.error('reaper failed', { error: errorMessage(err) }));
    child.stdin?.on('error', () => undefined); // EPIPE when the reaper died; the exit handler respawns it.
    const spawnedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (Date.now() - spawnedAt < 1000) {
        // Dying right away means it cannot run at all; respawning would only spin.
        this.disabled = true;
        this.logger.error('reaper exited at once: servers may outlive a crashed platform', { code, signal });
        return;
      }
      this.logger.warn('reaper exited; restarting it', { code, signal });
      if (this.groups.size > 0 && this.ensure()) for (const g of this.groups) this.send(`+${g}`);
    });
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    this.child = child;
    this.logger.debug('reaper started', { pid: child.pid });
    return true;
  }

  private send(line: string): void {
    this.child?.stdin?.write(`${line}\n`);
  }
}

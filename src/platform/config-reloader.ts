/**
 * Keeps a running platform in step with config.yaml: reloads on a file change (watching the home
 * directory, debounced) or on request (`POST /api/v1/reload`), and reconciles. An invalid, unreadable or
 * missing file is logged and ignored: the running servers stay as they are.
 * @module
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import path from 'node:path';

import type { LoadedConfig } from '../config/store.js';
import type { PlatformConfig } from '../config/schema.js';
import { errorMessage, isPlatformError, PlatformError, PlatformErrorCode } from '../errors.js';
import type { Logger } from '../observability/logger.js';

import type { ReconcileResult } from './platform.js';
import { desiredServers, restartNotes } from './reconcile.js';

/** What the reloader needs of the platform. */
export interface ReconcilablePlatform {
  readonly profile: string;
  reconcile(config: PlatformConfig): Promise<ReconcileResult>;
}

/** Options of {@link ConfigReloader}. */
export interface ConfigReloaderOptions {
  /** Where config.yaml is read from (a `ConfigStore`). */
  store: { readonly file: string; load(): Promise<LoadedConfig> };
  platform: ReconcilablePlatform;
  logger: Logger;
  /** The config the platform (and its gateway) started with; changes reconcile cannot apply are noted. */
  started: PlatformConfig;
  /** Quiet time after the last file event before reloading. Default 200 ms. */
  debounceMs?: number;
  /** `fs.watch`, injectable. */
  watchFn?: typeof fsWatch;
}

/** What one reload did. */
export interface ReloadResult extends ReconcileResult {
  /** Changes that need a restart of the platform to take effect. */
  notes: string[];
}

/**
 * Reloads config.yaml into a running platform.
 * @example
 * const reloader = new ConfigReloader({ store, platform, logger, started: config });
 * reloader.watch(); // reconciles ~200 ms after every write of config.yaml
 * await reloader.reload(); // { profile, actions: [{ kind: 'add', name: 'echo', state: 'running', ... }], notes: [] }
 * reloader.close();
 */
export class ConfigReloader {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ConfigReloaderOptions) {}

  /**
   * Loads config.yaml and reconciles the platform to it; reloads run one at a time, in call order. Throws
   * `CONFIG_INVALID` (the file is invalid or missing, or lacks the platform's profile) or `CONFIG_TOO_NEW`,
   * after logging it; the platform is untouched then.
   */
  reload(): Promise<ReloadResult> {
    const run = this.queue.then(
      () => this.load(),
      () => this.load(),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Watches the directory of config.yaml (an atomic write replaces the file, so its inode cannot be
   * watched) and reloads `debounceMs` after the last event that concerns it.
   */
  watch(): void {
    if (this.watcher) return;
    const file = this.o.store.file;
    const base = path.basename(file);
    const watchFn = this.o.watchFn ?? fsWatch;
    this.watcher = watchFn(path.dirname(file), { persistent: false }, (_event, name) => {
      // Some platforms give no file name; then any event may be ours.
      if (name !== null && name.toString() !== base) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.reload().catch(() => undefined); // logged by load()
      }, this.o.debounceMs ?? 200);
    });
    this.watcher.on('error', (err) => {
      this.o.logger.warn(`stopped watching ${file}: ${errorMessage(err)}`, {
        hint: 'changes now apply only through `POST /api/v1/reload` or a restart',
      });
      this.watcher?.close();
    });
  }

  /** Stops watching (a reload in progress finishes). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async load(): Promise<ReloadResult> {
    const { store, platform, logger } = this.o;
    let config: PlatformConfig;
    try {
      const loaded = await store.load();
      if (!loaded.exists) {
        throw new PlatformError(
          PlatformErrorCode.ConfigInvalid,
          `${store.file} does not exist`,
          { file: store.file },
          { hint: 'restore it (mcp backup restore <id>) or write a new one (mcp init)' },
        );
      }
      if (!desiredServers(loaded.config, platform.profile)) {
        throw new PlatformError(
          PlatformErrorCode.ConfigInvalid,
          `${store.file} no longer has the profile "${platform.profile}" this platform runs`,
          { file: store.file, profile: platform.profile },
          { hint: 'put the profile back, or restart the platform with another one (mcp down && mcp up)' },
        );
      }
      config = loaded.config;
    } catch (err) {
      logger.error(`config not applied, the running servers stay as they are: ${errorMessage(err)}`, {
        ...(isPlatformError(err) && err.hint ? { hint: err.hint } : {}),
      });
      throw err;
    }
    const result = await platform.reconcile(config);
    const notes = restartNotes(this.o.started, config, platform.profile);
    if (result.actions.length === 0) logger.debug('config reloaded: no server changes');
    for (const a of result.actions) {
      const what = `${a.kind} ${a.name}${a.changed.length ? ` (${a.changed.join(', ')})` : ''}: ${a.state}`;
      if (a.error) logger.warn(`config reloaded: ${what}: ${a.error}`);
      else logger.info(`config reloaded: ${what}`);
    }
    for (const note of notes) logger.warn(note);
    return { ...result, notes };
  }
}

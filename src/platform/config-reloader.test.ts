/**
 * `ConfigReloader` on a real home directory: real `fs.watch`, real `ConfigStore` writes (atomic renames)
 * and hand edits; the platform side records what it is asked to reconcile.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { homePaths } from '../config/paths.js';
import type { PlatformConfig } from '../config/schema.js';
import { ConfigStore } from '../config/store.js';
import type { Logger } from '../observability/logger.js';

import { ConfigReloader, type ReconcilablePlatform } from './config-reloader.js';
import type { ReconcileResult } from './platform.js';

/** A platform that records every config it is asked to reconcile. */
class RecordingPlatform implements ReconcilablePlatform {
  readonly profile = 'default';
  readonly seen: PlatformConfig[] = [];
  async reconcile(config: PlatformConfig): Promise<ReconcileResult> {
    this.seen.push(config);
    return { profile: this.profile, actions: [] };
  }
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void =>
      void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger & { lines: string[] } = {
    lines,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return logger;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

let home: string;
let store: ConfigStore;
let platform: RecordingPlatform;
let logger: ReturnType<typeof capturingLogger>;
let reloader: ConfigReloader;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-reload-test-'));
  store = new ConfigStore(homePaths(home));
  await store.init();
  platform = new RecordingPlatform();
  logger = capturingLogger();
  const { config } = await store.load();
  reloader = new ConfigReloader({ store, platform, logger, started: config, debounceMs: 50 });
});

afterEach(async () => {
  reloader.close();
  await fs.rm(home, { recursive: true, force: true });
});

const addServer = (name: string): Promise<void> =>
  store.update((raw) => {
    const servers = (raw.servers ?? {}) as Record<string, unknown>;
    servers[name] = { command: 'node' };
    raw.servers = servers;
    const profiles = raw.profiles as Record<string, { servers: string[] }>;
    profiles.default!.servers.push(name);
  });

describe('ConfigReloader', () => {
  it('reconciles after a config write (atomic rename), with the new servers', async () => {
    reloader.watch();
    await addServer('echo');
    await until(() => platform.seen.length > 0);
    expect(platform.seen[0]!.profiles.default!.servers).toEqual(['echo']);
  });

  it('debounces a burst of writes into one reload of the last content', async () => {
    reloader.close();
    const { config } = await store.load();
    reloader = new ConfigReloader({ store, platform, logger, started: config, debounceMs: 400 });
    reloader.watch();
    await addServer('a');
    await addServer('b');
    await addServer('c');
    await until(() => platform.seen.length > 0);
    await sleep(600);
    expect(platform.seen).toHaveLength(1);
    expect(platform.seen[0]!.profiles.default!.servers).toEqual(['a', 'b', 'c']);
  });

  it('ignores other files in the home directory', async () => {
    reloader.watch();
    await fs.writeFile(path.join(home, 'config.yaml.bak'), 'x');
    await fs.writeFile(path.join(home, 'notes.txt'), 'x');
    await sleep(200);
    expect(platform.seen).toHaveLength(0);
  });

  it('logs an invalid hand edit, naming the file and the problem, and applies nothing', async () => {
    reloader.watch();
    const text = await fs.readFile(store.file, 'utf8');
    await fs.writeFile(store.file, text.replace('servers: {}', 'servers:\n  bad:\n    comand: node'));
    await until(() => logger.lines.some((l) => l.startsWith('error')));
    expect(platform.seen).toHaveLength(0);
    const line = logger.lines.find((l) => l.startsWith('error'))!;
    expect(line).toContain(store.file);
    expect(line).toContain('servers.bad');
    expect(line).toContain('the running servers stay as they are');
    await expect(reloader.reload()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('keeps running when config.yaml is deleted or loses the running profile', async () => {
    await store.update((raw) => {
      raw.profiles = { other: { servers: [] } };
      raw.activeProfile = 'other';
    });
    await expect(reloader.reload()).rejects.toThrow(/no longer has the profile "default"/);
    await fs.rm(store.file);
    await expect(reloader.reload()).rejects.toThrow(/does not exist/);
    expect(platform.seen).toHaveLength(0);
  });

  it('returns the plan and notes what only a restart applies', async () => {
    await store.update((raw) => {
      raw.gateway = { ...(raw.gateway as object), port: 9999 };
    });
    const result = await reloader.reload();
    expect(result.actions).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/^gateway\.port changed/)]);
    expect(logger.lines.some((l) => l.startsWith('warn gateway.port changed'))).toBe(true);
  });
});

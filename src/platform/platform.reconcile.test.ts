/**
 * `Platform.reconcile` with real processes: the echo example server and the good-server fixture over stdio,
 * and an in-process Streamable HTTP server as a remote.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixturePath } from '../../test/fixtures/servers/fixtures.js';
import { startHttpFixture, type HttpFixture } from '../../test/fixtures/remote/http-fixture.js';
import { configSchema, type PlatformConfig } from '../config/schema.js';
import { createLogger } from '../observability/logger.js';

import { ABSENT, Platform, type PlatformStateEvent } from './platform.js';
import { isAlive } from './run-file.js';

const ECHO = path.resolve(import.meta.dirname, '../../examples/echo-mcp/dist/index.js');
const GOOD = fixturePath('good-server.mjs');

const echo = { command: process.execPath, args: [ECHO] };
const good = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  command: process.execPath,
  args: [GOOD],
  ...extra,
});

function config(
  servers: Record<string, Record<string, unknown>>,
  profile = Object.keys(servers),
): PlatformConfig {
  return configSchema.parse({
    version: 2,
    servers,
    profiles: { default: { servers: profile } },
    activeProfile: 'default',
  });
}

let platform: Platform;
let remote: HttpFixture;
const events: PlatformStateEvent[] = [];

const pid = (name: string): number => platform.serverStatus(name).pid!;
const toolNames = async (name: string): Promise<string[]> =>
  (await platform.client(name)!.listTools()).tools.map((t) => t.name).sort();

/** Polls until the process is gone (the kernel reaps it shortly after the group is killed). */
async function gone(p: number): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (isAlive(p) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return !isAlive(p);
}

beforeAll(async () => {
  remote = await startHttpFixture();
  platform = new Platform({
    config: config({ echo, good: good() }),
    profile: 'default',
    logsDir: mkdtempSync(path.join(os.tmpdir(), 'mcp-reconcile-test-')),
    resolvers: { env: () => undefined, secret: (n) => Promise.reject(new Error(`no secret ${n}`)) },
    logger: createLogger({ level: 'error', format: 'json' }),
    supervisor: {
      sampleIntervalMs: 0,
      reaper: false,
      ping: { intervalMs: 0 },
      stopGrace: { stdinMs: 300, termMs: 500 },
      restart: { initialDelayMs: 60_000 },
    },
  });
  platform.on('state', (e) => events.push(e));
  await platform.start();
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await remote?.close();
});

describe('Platform.reconcile', () => {
  it('changes nothing for an unchanged config', async () => {
    const before = pid('echo');
    const result = await platform.reconcile(config({ echo, good: good() }));
    expect(result).toEqual({ profile: 'default', actions: [] });
    expect(pid('echo')).toBe(before);
  });

  it('adds a server and starts it', async () => {
    const result = await platform.reconcile(config({ echo, good: good(), extra: good() }));
    expect(result.actions).toEqual([{ kind: 'add', name: 'extra', changed: [], state: 'running' }]);
    expect(platform.names).toEqual(['echo', 'good', 'extra']);
    expect(await toolNames('extra')).toEqual(['env', 'ping']);
    expect(events).toContainEqual(expect.objectContaining({ name: 'extra', from: ABSENT, to: 'stopped' }));
  });

  it('removes a server: its process is gone and it leaves the status', async () => {
    const old = pid('extra');
    const result = await platform.reconcile(config({ echo, good: good() }));
    expect(result.actions).toEqual([{ kind: 'remove', name: 'extra', changed: [], state: ABSENT }]);
    expect(await gone(old)).toBe(true);
    expect(platform.names).toEqual(['echo', 'good']);
    expect(platform.status().servers.map((s) => s.name)).toEqual(['echo', 'good']);
    expect(() => platform.serverStatus('extra')).toThrow('no server named "extra"');
    expect(events.at(-1)).toMatchObject({ name: 'extra', to: ABSENT });
  });

  it('restarts a server whose definition changed, with the new definition (new pid)', async () => {
    const old = pid('good');
    const result = await platform.reconcile(config({ echo, good: good({ env: { COLOR: 'blue' } }) }));
    expect(result.actions).toEqual([{ kind: 'restart', name: 'good', changed: ['env'], state: 'running' }]);
    expect(pid('good')).not.toBe(old);
    expect(await gone(old)).toBe(true);
    const res = await platform.client('good')!.callTool({ name: 'env', arguments: {} });
    expect(JSON.stringify(res.content)).toContain('COLOR\\":\\"blue');
  });

  it('keeps a server running when only its description changed', async () => {
    const before = pid('echo');
    const result = await platform.reconcile(
      config({ echo: { ...echo, description: 'says it back' }, good: good({ env: { COLOR: 'blue' } }) }),
    );
    expect(result.actions).toEqual([
      { kind: 'update', name: 'echo', changed: ['description'], state: 'running' },
    ]);
    expect(pid('echo')).toBe(before);
  });

  it('disables (stops) and enables (starts) a server', async () => {
    const old = pid('echo');
    const off = await platform.reconcile(
      config({ echo: { ...echo, enabled: false }, good: good({ env: { COLOR: 'blue' } }) }),
    );
    expect(off.actions).toEqual([
      { kind: 'disable', name: 'echo', changed: ['description', 'enabled'], state: 'stopped' },
    ]);
    expect(await gone(old)).toBe(true);
    expect(platform.client('echo')).toBeUndefined();

    const on = await platform.reconcile(config({ echo, good: good({ env: { COLOR: 'blue' } }) }));
    expect(on.actions).toEqual([{ kind: 'enable', name: 'echo', changed: ['enabled'], state: 'running' }]);
    expect(await toolNames('echo')).toEqual(['echo', 'reverse']);
  });

  it('adds a disabled server without starting it', async () => {
    const result = await platform.reconcile(
      config({ echo, good: good({ env: { COLOR: 'blue' } }), idle: good({ enabled: false }) }),
    );
    expect(result.actions).toEqual([{ kind: 'add', name: 'idle', changed: [], state: 'stopped' }]);
    expect(platform.serverStatus('idle').pid).toBeNull();
  });

  it('adds and removes a remote server', async () => {
    const base = { echo, good: good({ env: { COLOR: 'blue' } }) };
    const added = await platform.reconcile(
      config({ ...base, web: { url: remote.url, transport: 'streamable-http' } }),
    );
    expect(added.actions).toContainEqual({ kind: 'add', name: 'web', changed: [], state: 'running' });
    expect(added.actions).toContainEqual({ kind: 'remove', name: 'idle', changed: [], state: ABSENT });
    expect(platform.serverStatus('web')).toMatchObject({ type: 'remote', state: 'running' });
    expect((await platform.client('web')!.listTools()).tools.length).toBeGreaterThan(0);

    const removed = await platform.reconcile(config(base));
    expect(removed.actions).toEqual([{ kind: 'remove', name: 'web', changed: [], state: ABSENT }]);
    expect(platform.client('web')).toBeUndefined();
  });

  it('reorders servers to the profile order', async () => {
    const servers = { echo, good: good({ env: { COLOR: 'blue' } }) };
    await platform.reconcile(config(servers, ['good', 'echo']));
    expect(platform.names).toEqual(['good', 'echo']);
  });

  it('rejects a config without its profile and changes nothing', async () => {
    const other = configSchema.parse({
      version: 2,
      servers: {},
      profiles: { other: { servers: [] } },
      activeProfile: 'other',
    });
    await expect(platform.reconcile(other)).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    expect(platform.names).toEqual(['good', 'echo']);
    expect(platform.status().health).toBe('ok');
  });

  it('runs reconciles one at a time, in call order', async () => {
    const servers = { echo, good: good({ env: { COLOR: 'blue' } }) };
    const [a, b] = await Promise.all([
      platform.reconcile(config({ ...servers, x: good() }, ['good', 'echo', 'x'])),
      platform.reconcile(config(servers, ['good', 'echo'])),
    ]);
    expect(a.actions.map((x) => `${x.kind} ${x.name} ${x.state}`)).toEqual(['add x running']);
    expect(b.actions.map((x) => `${x.kind} ${x.name} ${x.state}`)).toEqual(['remove x absent']);
    expect(platform.names).toEqual(['good', 'echo']);
  });
});

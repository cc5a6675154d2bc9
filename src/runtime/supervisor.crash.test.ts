import { afterEach, describe, expect, it } from 'vitest';

import { fixtureConfig, tempDir, until, waitForState } from '../../test/fixtures/servers/fixtures.js';

import type { StateChange } from './managed-server.js';
import { isProcessAlive } from './process-group.js';
import { ServerState } from './state-machine.js';
import type { SupervisorOptions } from './options.js';
import { ProcessSupervisor } from './supervisor.js';

let sup: ProcessSupervisor | undefined;
afterEach(async () => {
  await sup?.close();
  sup = undefined;
});

/** Short timings so crash scenarios play out in well under a second each. */
const fast: Partial<SupervisorOptions> = {
  sampleIntervalMs: 0,
  random: () => 0.5,
  stopGrace: { stdinMs: 200, termMs: 300 },
  restart: { initialDelayMs: 50, maxDelayMs: 400, crashLoopStarts: 3, crashLoopWindowMs: 10_000 },
};

function supervisor(extra: Partial<SupervisorOptions> = {}): ProcessSupervisor {
  sup = new ProcessSupervisor({ logsDir: tempDir(), ...fast, ...extra });
  return sup;
}

describe('supervisor: crashes and restarts', () => {
  it('backs off after a crash on start, then declares a crash loop', async () => {
    const s = supervisor();
    s.add('bad', fixtureConfig('crash-on-start'));
    const changes: StateChange[] = [];
    s.on('state', (c) => changes.push(c));

    expect(await s.start('bad')).toBe(ServerState.Backoff);
    expect(s.health('bad').lastError).toMatchObject({
      code: 'SERVER_EXITED',
      message: 'server exited with code 3 during start',
    });
    await waitForState(s, 'bad', ServerState.CrashLoop);

    const entered = changes.filter((c) => c.to === ServerState.Backoff || c.to === ServerState.CrashLoop);
    expect(entered.map((c) => [c.to, c.delayMs])).toEqual([
      [ServerState.Backoff, 50],
      [ServerState.Backoff, 100],
      [ServerState.CrashLoop, 400],
    ]);
    const h = s.health('bad');
    expect(h.restarts).toBe(2);
    expect(h.nextRestartAt).toBeGreaterThan(Date.now());
    expect(h.lastLines).toContain('fatal: cannot open database');
    expect(s.healthAll().status).toBe('down');
  });

  it('keeps retrying from crash-loop at the cap interval, and stop cancels it', async () => {
    const s = supervisor();
    s.add('bad', fixtureConfig('crash-on-start'));
    await s.start('bad');
    await waitForState(s, 'bad', ServerState.CrashLoop);
    await waitForState(s, 'bad', ServerState.Starting, 2000);
    await waitForState(s, 'bad', ServerState.CrashLoop);
    expect(s.health('bad').restarts).toBe(3);
    await s.stop('bad');
    expect(s.state('bad')).toBe(ServerState.Stopped);
    expect(s.health('bad').nextRestartAt).toBeUndefined();
  });

  it('restarts a server that crashes mid-call', async () => {
    const s = supervisor();
    s.add('flaky', fixtureConfig('crash-mid-call'));
    await s.start('flaky');
    const first = s.health('flaky').pid;
    await expect(s.getClient('flaky')!.callTool({ name: 'crash' })).rejects.toThrow();
    await waitForState(s, 'flaky', ServerState.Backoff);
    expect(s.health('flaky').lastError).toMatchObject({
      code: 'SERVER_EXITED',
      message: 'server exited with code 7 while running',
    });
    await waitForState(s, 'flaky', ServerState.Running);
    expect(s.health('flaky')).toMatchObject({ restarts: 1, state: 'running' });
    expect(s.health('flaky').pid).not.toBe(first);
    expect((await s.getClient('flaky')!.callTool({ name: 'ping' })).content).toEqual([
      { type: 'text', text: 'pong' },
    ]);
  });

  it('backs off when a server exits on its own while running', async () => {
    const s = supervisor();
    s.add('flaky', fixtureConfig('crash-mid-call', { env: { CRASH_AFTER_MS: '300' } }));
    await s.start('flaky');
    const c = await waitForState(s, 'flaky', ServerState.Backoff);
    expect(c?.error).toMatchObject({
      code: 'SERVER_EXITED',
      message: 'server exited with code 9 while running',
    });
  });

  it('treats a server that never answers initialize as a failed start and kills it', async () => {
    const s = supervisor({ startTimeoutMs: 400 });
    s.add('hung', fixtureConfig('hang-on-init'));
    const pids: number[] = [];
    s.on(
      'state',
      (c) => c.to === ServerState.Starting && setImmediate(() => pids.push(s.health('hung').pid!)),
    );
    expect(await s.start('hung')).toBe(ServerState.Backoff);
    expect(s.health('hung').lastError).toMatchObject({ code: 'START_TIMEOUT' });
    expect(s.state('hung')).not.toBe(ServerState.Running);
    await until(() => !isProcessAlive(pids[0]!), 2000, 'hung process to be killed');
  });

  it('kills and backs off a server that stops answering pings', async () => {
    const s = supervisor({ ping: { intervalMs: 100, timeoutMs: 150, maxFailures: 2 } });
    s.add('frozen', fixtureConfig('crash-mid-call'));
    await s.start('frozen');
    await until(() => s.health('frozen').pingLatencyMs !== undefined, 2000, 'a ping');
    s.getClient('frozen')!
      .callTool({ name: 'freeze' })
      .catch(() => undefined);
    const c = await waitForState(s, 'frozen', ServerState.Backoff, 5000);
    expect(c?.error).toMatchObject({ code: 'SERVER_UNRESPONSIVE' });
  });

  it('fails without retrying when the executable does not exist', async () => {
    const s = supervisor();
    s.add('missing', { ...fixtureConfig('good-server'), command: '/nonexistent/mcp-server-binary' });
    expect(await s.start('missing')).toBe(ServerState.Failed);
    expect(s.health('missing').lastError).toMatchObject({ code: 'SPAWN_FAILED' });
    expect(s.healthAll().status).toBe('down');
  });

  it('a manual restart leaves crash-loop with a fresh history', async () => {
    const s = supervisor();
    s.add('bad', fixtureConfig('crash-on-start'));
    await s.start('bad');
    await waitForState(s, 'bad', ServerState.CrashLoop);
    const changes: StateChange[] = [];
    s.on('state', (c) => changes.push(c));
    expect(await s.restart('bad')).toBe(ServerState.Backoff);
    expect(changes.map((c) => c.to)).toEqual(['stopped', 'starting', 'backoff']);
    expect(changes.at(-1)?.delayMs).toBe(50);
  });
});

import { afterEach, describe, expect, it } from 'vitest';

import { fixtureConfig, tempDir, waitForState } from '../../test/fixtures/servers/fixtures.js';

import type { StateChange } from './managed-server.js';
import { ServerState } from './state-machine.js';
import type { SupervisorOptions } from './options.js';
import { ProcessSupervisor } from './supervisor.js';

let sup: ProcessSupervisor | undefined;
afterEach(async () => {
  await sup?.close();
  sup = undefined;
});

function supervisor(extra: Partial<SupervisorOptions> = {}): ProcessSupervisor {
  sup = new ProcessSupervisor({
    logsDir: tempDir(),
    sampleIntervalMs: 0,
    random: () => 0.5,
    restart: { initialDelayMs: 100 },
    ...extra,
  });
  return sup;
}

describe('supervisor: dependsOn', () => {
  it('starts a dependent only after its dependency runs; independent servers start at once', async () => {
    const s = supervisor();
    s.add('app', fixtureConfig('good-server', { dependsOn: ['db'] }));
    s.add('db', fixtureConfig('good-server', { env: { START_DELAY_MS: '600' } }));
    s.add('solo', fixtureConfig('good-server'));
    const log: string[] = [];
    s.on('state', (c: StateChange) => log.push(`${c.name}:${c.to}`));

    expect(await s.startAll()).toEqual({ app: 'running', db: 'running', solo: 'running' });
    expect(log.indexOf('app:waiting')).toBeLessThan(log.indexOf('db:running'));
    expect(log.indexOf('app:starting')).toBeGreaterThan(log.indexOf('db:running'));
    expect(log.indexOf('solo:running')).toBeLessThan(log.indexOf('db:running'));
  });

  it('start(name) brings up the dependencies first', async () => {
    const s = supervisor();
    s.add('app', fixtureConfig('good-server', { dependsOn: ['db'] }));
    s.add('db', fixtureConfig('good-server'));
    expect(await s.start('app')).toBe(ServerState.Running);
    expect(s.state('db')).toBe(ServerState.Running);
  });

  it('rejects a cycle before starting anything', async () => {
    const s = supervisor();
    s.add('a', fixtureConfig('good-server', { dependsOn: ['b'] }));
    s.add('b', fixtureConfig('good-server', { dependsOn: ['a'] }));
    await expect(s.startAll()).rejects.toMatchObject({
      code: 'DEPENDENCY_CYCLE',
      data: { cycle: ['a', 'b', 'a'] },
    });
    expect([s.state('a'), s.state('b')]).toEqual([ServerState.Stopped, ServerState.Stopped]);
  });

  it('leaves a dependent waiting while its dependency is down, and starts it once the dependency runs', async () => {
    const s = supervisor();
    s.add('app', fixtureConfig('good-server', { dependsOn: ['db'] }));
    s.add('db', fixtureConfig('crash-on-start'));
    expect(await s.startAll()).toEqual({ app: 'waiting', db: 'backoff' });
    expect(s.healthAll().status).toBe('down');
    await s.stop('db');
    await s.stop('app');
    // Fix the dependency by swapping its definition, then ask again.
    await s.remove('db');
    s.add('db', fixtureConfig('good-server'));
    expect(await s.start('app')).toBe(ServerState.Running);
  });

  it('ignores dependencies it does not manage (e.g. remote servers)', async () => {
    const s = supervisor();
    s.add('app', fixtureConfig('good-server', { dependsOn: ['remote-api'] }));
    expect(await s.startAll()).toEqual({ app: 'running' });
  });

  it('stopAll stops dependents before their dependencies', async () => {
    const s = supervisor();
    s.add('app', fixtureConfig('good-server', { dependsOn: ['db'] }));
    s.add('db', fixtureConfig('good-server'));
    await s.startAll();
    const stopped: string[] = [];
    s.on('state', (c: StateChange) => c.to === ServerState.Stopped && stopped.push(c.name));
    await s.stopAll();
    expect(stopped).toEqual(['app', 'db']);
    await waitForState(s, 'db', ServerState.Stopped, 100);
  });
});

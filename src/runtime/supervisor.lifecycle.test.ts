import { afterEach, describe, expect, it } from 'vitest';

import { fixtureConfig, tempDir } from '../../test/fixtures/servers/fixtures.js';

import { isProcessAlive } from './process-group.js';
import { ServerState } from './state-machine.js';
import type { SupervisorOptions } from './options.js';
import { ProcessSupervisor } from './supervisor.js';
import type { StateChange } from './managed-server.js';

let sup: ProcessSupervisor | undefined;
afterEach(async () => {
  await sup?.close();
  sup = undefined;
});

function supervisor(extra: Partial<SupervisorOptions> = {}): ProcessSupervisor {
  sup = new ProcessSupervisor({ logsDir: tempDir(), sampleIntervalMs: 0, ...extra });
  return sup;
}

describe('supervisor: start, session, stop', () => {
  it('runs a good server, exposes an initialized client and reports health', async () => {
    const s = supervisor();
    s.add('good', fixtureConfig('good-server', { env: { STDERR_HELLO: '1' } }));
    const changes: string[] = [];
    s.on('state', (c: StateChange) => changes.push(`${c.from}->${c.to}`));

    expect(await s.start('good')).toBe(ServerState.Running);
    expect(changes).toEqual(['stopped->starting', 'starting->running']);

    const client = s.getClient('good');
    const result = await client!.callTool({ name: 'ping' });
    expect(result.content).toEqual([{ type: 'text', text: 'pong' }]);

    const h = s.health('good');
    expect(h).toMatchObject({ name: 'good', state: 'running', restarts: 0, tools: 2, droppedLines: 0 });
    expect(h.pid).toBeGreaterThan(0);
    expect(h.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(s.tail('good', 10).some((l) => l.startsWith('hello from good-server'))).toBe(true);
    expect(s.healthAll().status).toBe('ok');

    const pid = h.pid!;
    await s.stop('good');
    expect(s.state('good')).toBe(ServerState.Stopped);
    expect(s.getClient('good')).toBeUndefined();
    expect(isProcessAlive(pid)).toBe(false);
    expect(changes.slice(2)).toEqual(['running->stopping', 'stopping->stopped']);
  });

  it('starts servers in parallel: total time is close to the slowest, not the sum', async () => {
    const s = supervisor();
    for (const name of ['a', 'b', 'c'])
      s.add(name, fixtureConfig('good-server', { env: { START_DELAY_MS: '1500' } }));
    const t0 = Date.now();
    expect(await s.startAll()).toEqual({ a: 'running', b: 'running', c: 'running' });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(elapsed).toBeLessThan(4000); // sequential would take 4.5 s in delays alone, plus 3 node startups
  });

  it('skips disabled servers in startAll', async () => {
    const s = supervisor();
    s.add('on', fixtureConfig('good-server'));
    s.add('off', fixtureConfig('good-server', { enabled: false }));
    expect(await s.startAll()).toEqual({ on: 'running' });
    expect(s.state('off')).toBe(ServerState.Stopped);
    expect(s.healthAll().status).toBe('ok');
  });

  it('restart() gives a new process', async () => {
    const s = supervisor();
    s.add('good', fixtureConfig('good-server'));
    await s.start('good');
    const before = s.health('good').pid;
    expect(await s.restart('good')).toBe(ServerState.Running);
    expect(s.health('good').pid).not.toBe(before);
  });

  it('rejects unknown and duplicate names with typed errors', () => {
    const s = supervisor();
    s.add('good', fixtureConfig('good-server'));
    expect(() => s.add('good', fixtureConfig('good-server'))).toThrow(
      expect.objectContaining({ code: 'SERVER_EXISTS' }),
    );
    expect(() => s.health('nope')).toThrow(expect.objectContaining({ code: 'SERVER_NOT_FOUND' }));
  });
});

describe('supervisor: environment', () => {
  it('passes the safe allowlist plus declared env, resolved; nothing else of the platform leaks', async () => {
    process.env.MCP_TEST_PLATFORM_ONLY = 'must-not-leak';
    process.env.MCP_TEST_REFERENCED = 'from-platform';
    try {
      const s = supervisor({
        resolvers: {
          env: (n) => process.env[n],
          secret: async (n) => (n === 'token' ? 's3cret' : Promise.reject(new Error('missing'))),
        },
      });
      s.add(
        'good',
        fixtureConfig('good-server', {
          env: { LITERAL: 'x', REF: '${MCP_TEST_REFERENCED}', TOKEN: '${secret:token}' },
        }),
      );
      await s.start('good');
      const result = await s.getClient('good')!.callTool({ name: 'env' });
      const env = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as Record<string, string>;
      expect(env).toMatchObject({ LITERAL: 'x', REF: 'from-platform', TOKEN: 's3cret' });
      expect(env.MCP_TEST_PLATFORM_ONLY).toBeUndefined();
      expect(env.PATH).toBe(process.env.PATH);
      const allowed = new Set([
        'HOME',
        'LOGNAME',
        'PATH',
        'SHELL',
        'TERM',
        'USER',
        'LITERAL',
        'REF',
        'TOKEN',
        // Node hands NODE_V8_COVERAGE to every child it spawns while coverage is collected (npm test).
        'NODE_V8_COVERAGE',
      ]);
      // Node itself may add a few variables of its own; none may come from the platform.
      expect(Object.keys(env).filter((k) => !allowed.has(k) && process.env[k] !== undefined)).toEqual([]);
    } finally {
      delete process.env.MCP_TEST_PLATFORM_ONLY;
      delete process.env.MCP_TEST_REFERENCED;
    }
  });

  it('an unresolvable reference fails the server without retrying', async () => {
    const s = supervisor({
      resolvers: { env: () => undefined, secret: () => Promise.reject(new Error('nope')) },
    });
    s.add('good', fixtureConfig('good-server', { env: { KEY: '${MCP_TEST_UNSET_VAR}' } }));
    expect(await s.start('good')).toBe(ServerState.Failed);
    expect(s.health('good').lastError).toMatchObject({ code: 'ENV_UNRESOLVED' });
    expect(s.health('good').nextRestartAt).toBeUndefined();
  });
});

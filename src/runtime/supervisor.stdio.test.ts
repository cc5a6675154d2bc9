import fs from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { fixtureConfig, tempDir, until, waitForState } from '../../test/fixtures/servers/fixtures.js';

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
    stopGrace: { stdinMs: 200, termMs: 300 },
    restart: { initialDelayMs: 50 },
    ...extra,
  });
  return sup;
}

describe('supervisor: stdout carries protocol frames only', () => {
  it('drops and counts garbage lines between frames without failing the server', async () => {
    const s = supervisor();
    s.add('noisy', fixtureConfig('garbage-stdout'));
    expect(await s.start('noisy')).toBe(ServerState.Running);
    for (let i = 0; i < 5; i++) {
      const r = await s.getClient('noisy')!.callTool({ name: 'ping' });
      expect(r.content).toEqual([{ type: 'text', text: 'pong' }]);
    }
    await until(() => s.health('noisy').droppedLines >= 5, 3000, 'dropped lines');
    expect(s.health('noisy')).toMatchObject({ state: 'running', restarts: 0, lastError: undefined });
    expect(s.tail('noisy', 1000)).toContain(
      s
        .tail('noisy', 1000)
        .find((l) => l.endsWith('dropped non-protocol stdout line: Garbage Server v1.0 starting')),
    );
  });

  it('kills and restarts a server that writes a frame over the 10 MB default limit', async () => {
    const s = supervisor();
    s.add('noisy', fixtureConfig('garbage-stdout'));
    await s.start('noisy');
    const first = s.health('noisy').pid;
    s.getClient('noisy')!
      .callTool({ name: 'huge-line' })
      .catch(() => undefined);
    const c = await waitForState(s, 'noisy', ServerState.Backoff);
    expect(c?.error).toMatchObject({
      code: 'FRAME_TOO_LARGE',
      message: `stdout frame exceeds ${10 * 1024 * 1024} bytes`,
    });
    await waitForState(s, 'noisy', ServerState.Running);
    expect(s.health('noisy').pid).not.toBe(first);
  });
});

describe('supervisor: stderr logs', () => {
  it('rotates the per-server log under a flood, bounds the tail, and the server stays responsive', async () => {
    const logsDir = tempDir();
    const s = supervisor({
      logsDir,
      logFile: { maxBytes: 256 * 1024, keep: 2 },
      logRing: { maxLines: 100, maxBytes: 8 * 1024 },
    });
    s.add('flood', fixtureConfig('flood-stderr', { env: { FLOOD_BYTES: String(2 * 1024 * 1024) } }));
    const followed: string[] = [];
    const unfollow = s.follow('flood', (line) => followed.push(line));
    await s.start('flood');
    await until(() => followed.some((l) => l.startsWith('flood done')), 10_000, 'the flood to end');
    unfollow();

    const files = fs.readdirSync(logsDir).sort();
    expect(files).toEqual(['flood.log', 'flood.log.1', 'flood.log.2']);
    for (const f of files) expect(fs.statSync(`${logsDir}/${f}`).size).toBeLessThanOrEqual(256 * 1024);
    expect(s.logFile('flood')).toBe(`${logsDir}/flood.log`);

    const tail = s.tail('flood', 1000);
    expect(tail.join('\n').length).toBeLessThanOrEqual(8 * 1024);
    expect(tail.at(-1)).toMatch(/^flood done \d+$/);
    expect(s.health('flood', 3).lastLines).toEqual(tail.slice(-3));
    expect(followed.length).toBeGreaterThan(10_000);

    const r = await s.getClient('flood')!.callTool({ name: 'ping' });
    expect(r.content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('emits log events and notes starts and exits in the log', async () => {
    const s = supervisor();
    s.add('good', fixtureConfig('good-server', { env: { STDERR_HELLO: '1' } }));
    const lines: string[] = [];
    s.on('log', (l) => l.name === 'good' && lines.push(l.line));
    await s.start('good');
    await until(() => lines.some((l) => l.startsWith('hello from good-server')), 2000, 'stderr line');
    await s.stop('good');
    const text = fs.readFileSync(s.logFile('good'), 'utf8');
    expect(text).toMatch(/\[mcp [^\]]+\] started pid \d+: /);
    expect(text).toMatch(/hello from good-server/);
    expect(text).toMatch(/\[mcp [^\]]+\] pid \d+ exited with code 0/);
    expect(lines.some((l) => / started pid /.test(l))).toBe(true);
  });
});

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { afterEach, describe, expect, it } from 'vitest';

import { fixtureConfig, fixturePath, tempDir, until } from '../../test/fixtures/servers/fixtures.js';

import { isProcessAlive } from './process-group.js';
import { ProcessSupervisor } from './supervisor.js';

let sup: ProcessSupervisor | undefined;
const leftovers: number[] = [];
afterEach(async () => {
  await sup?.close();
  sup = undefined;
  for (const pid of leftovers.splice(0)) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
});

describe('supervisor: process groups', () => {
  it('escalates stdin close -> SIGTERM -> SIGKILL for a server that ignores all but SIGKILL, grandchild included', async () => {
    sup = new ProcessSupervisor({
      logsDir: tempDir(),
      sampleIntervalMs: 0,
      stopGrace: { stdinMs: 300, termMs: 400 },
    });
    sup.add('stubborn', fixtureConfig('ignore-sigterm', { env: { CHILD: '1' } }));
    await sup.start('stubborn');
    const pid = sup.health('stubborn').pid!;
    const r = await sup.getClient('stubborn')!.callTool({ name: 'grandchild' });
    const grandchild = Number((r.content as Array<{ text: string }>)[0]!.text);
    leftovers.push(pid, grandchild);
    expect(isProcessAlive(grandchild)).toBe(true);

    const t0 = Date.now();
    await sup.stop('stubborn');
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(650); // waited out both grace periods
    expect(elapsed).toBeLessThan(3000);
    expect(isProcessAlive(pid)).toBe(false);
    await until(() => !isProcessAlive(grandchild), 2000, 'grandchild to die');
    expect(sup.tail('stubborn', 50)).toContain('ignoring SIGTERM');
  });
});

describe('supervisor: no orphans when the platform is SIGKILLed', () => {
  it('the reaper kills the server group (SIGTERM-proof, stdin-proof) after the platform dies', async () => {
    const host = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fixturePath('platform-host.ts'),
        'ignore-sigterm',
        '300',
        JSON.stringify({ CHILD: '1' }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: host.stdout! }).once('line', resolve);
      host.once('exit', (code) => reject(new Error(`host exited early with ${code}`)));
    });
    const { state, pid, grandchild } = JSON.parse(line) as { state: string; pid: number; grandchild: number };
    leftovers.push(pid, grandchild);
    expect(state).toBe('running');
    expect(isProcessAlive(pid)).toBe(true);
    expect(isProcessAlive(grandchild)).toBe(true);

    host.kill('SIGKILL');
    await new Promise((r) => host.once('exit', r));
    await until(
      () => !isProcessAlive(pid) && !isProcessAlive(grandchild),
      5000,
      'server and grandchild to die',
    );
  });
});

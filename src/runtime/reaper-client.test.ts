import { spawn } from 'node:child_process';

import { afterEach, describe, expect, it } from 'vitest';

import { until } from '../../test/fixtures/servers/fixtures.js';

import { isProcessAlive } from './process-group.js';
import { ProcessReaper } from './reaper-client.js';

const stubborn = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1e6)";
const spawned: number[] = [];
afterEach(() => {
  for (const pid of spawned.splice(0)) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
});

function group(): number {
  const child = spawn(process.execPath, ['-e', stubborn], { detached: true, stdio: 'ignore' });
  child.unref();
  spawned.push(child.pid!);
  return child.pid!;
}

describe('ProcessReaper', () => {
  it('reaps registered groups (SIGTERM, then SIGKILL) when its pipe closes, and spares forgotten ones', async () => {
    const reaper = new ProcessReaper({ graceMs: 200 });
    const [a, b] = [group(), group()];
    reaper.register(a);
    reaper.register(b);
    reaper.unregister(b);
    const reaperPid = reaper.pid!;
    await new Promise((r) => setTimeout(r, 200)); // let the reaper read its stdin
    await reaper.close();
    await until(() => !isProcessAlive(a), 3000, 'registered group to die');
    expect(isProcessAlive(b)).toBe(true);
    expect(isProcessAlive(reaperPid)).toBe(false);
  });

  it('respawns a reaper that died and registers the live groups with it again', async () => {
    const reaper = new ProcessReaper({ graceMs: 200 });
    const a = group();
    reaper.register(a);
    const first = reaper.pid!;
    await new Promise((r) => setTimeout(r, 1100)); // a reaper that dies at once is not respawned
    process.kill(first, 'SIGKILL');
    await until(() => reaper.pid !== undefined && reaper.pid !== first, 3000, 'a new reaper');
    expect(isProcessAlive(a)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    await reaper.close();
    await until(() => !isProcessAlive(a), 3000, 'group reaped by the new reaper');
  });

  it('is disabled, with an error logged, when its script is missing', () => {
    const errors: string[] = [];
    const log = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (m: string) => errors.push(m),
    };
    const reaper = new ProcessReaper({ script: '/nonexistent/reaper.js', logger: log });
    reaper.register(12345);
    expect(reaper.pid).toBeUndefined();
    expect(errors).toEqual(['reaper script missing: servers may outlive a crashed platform']);
  });
});

describe('ProcessReaper.close in a script with nothing else pending', () => {
  it('resolves instead of letting node exit early', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('../../test/fixtures/servers/close-and-exit.ts', import.meta.url));
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', script],
        { timeout: 30_000 },
        (_err, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(out.stdout).toContain('closed cleanly');
    expect(out.code).toBe(0);
  });
});

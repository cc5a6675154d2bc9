import { afterEach, describe, expect, it } from 'vitest';

import { fixtureConfig, tempDir, until } from '../../test/fixtures/servers/fixtures.js';

import { isProcessAlive } from './process-group.js';
import { ProcessSupervisor } from './supervisor.js';

let sup: ProcessSupervisor | undefined;
afterEach(async () => {
  await sup?.close();
  sup = undefined;
});

describe('supervisor: resource sampling', () => {
  it('sums CPU and RSS over the whole process tree', async () => {
    sup = new ProcessSupervisor({
      logsDir: tempDir(),
      sampleIntervalMs: 200,
      stopGrace: { stdinMs: 200, termMs: 300 },
    });
    sup.add('busy', fixtureConfig('busy-tree'));
    await sup.start('busy');
    const r = await sup.getClient('busy')!.callTool({ name: 'grandchild' });
    const burner = Number((r.content as Array<{ text: string }>)[0]!.text);
    await until(() => (sup!.health('busy').cpuPercent ?? 0) > 40, 5000, 'CPU of the burning grandchild');
    const h = sup.health('busy');
    // The server itself idles: only counting the grandchild gets CPU this high.
    expect(h.cpuPercent).toBeGreaterThan(40);
    expect(h.rssBytes).toBeGreaterThan(20 * 1024 * 1024); // two node processes
    await sup.stop('busy');
    expect(sup.health('busy')).toMatchObject({ cpuPercent: undefined, rssBytes: undefined, pid: undefined });
    await until(() => !isProcessAlive(burner), 2000, 'grandchild to die with the group');
  });
});

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { stdioServerSchema } from '../config/schema.js';
import { tempDir } from '../../test/fixtures/servers/fixtures.js';

import { ServerState } from './state-machine.js';
import { ProcessSupervisor } from './supervisor.js';

/** The real reference server, if installed (it is not a dependency of this package). */
function everythingEntry(): string | undefined {
  try {
    const pkgJson = createRequire(import.meta.url).resolve(
      '@modelcontextprotocol/server-everything/package.json',
    );
    const pkg = createRequire(import.meta.url)(pkgJson) as { bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
    const entry = bin && path.join(path.dirname(pkgJson), bin);
    return entry && existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

const entry = everythingEntry();
const title = entry
  ? 'supervisor: @modelcontextprotocol/server-everything'
  : 'supervisor: @modelcontextprotocol/server-everything (SKIPPED: not installed in node_modules)';

let sup: ProcessSupervisor | undefined;
afterEach(async () => {
  await sup?.close();
  sup = undefined;
});

describe.skipIf(!entry)(title, () => {
  it('runs the reference server and lists its tools', async () => {
    sup = new ProcessSupervisor({ logsDir: tempDir(), sampleIntervalMs: 0 });
    sup.add('everything', stdioServerSchema.parse({ command: process.execPath, args: [entry!, 'stdio'] }));
    expect(await sup.start('everything')).toBe(ServerState.Running);
    expect(sup.health('everything').tools).toBeGreaterThan(3);
    const r = await sup.getClient('everything')!.callTool({ name: 'echo', arguments: { message: 'hi' } });
    expect(JSON.stringify(r.content)).toContain('hi');
  });
});

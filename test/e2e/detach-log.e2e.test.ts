/**
 * `mcp up --detach`: the background platform's log, logs/platform.log, holds each entry once (as JSON),
 * not once as JSON and again as the terminal's text copy.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');

describe('mcp up --detach', () => {
  it('writes every platform.log entry once, as JSON', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    expect((await runCli(['down'], { home })).code).toBe(0);
    const lines = (await readFile(path.join(home, 'logs', 'platform.log'), 'utf8')).trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { msg: string });
    expect(entries.filter((e) => e.msg.startsWith('platform listening on'))).toHaveLength(1);
    expect(entries.filter((e) => e.msg === 'platform stopped')).toHaveLength(1);
  }, 60_000);
});

import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from '../../test/fixtures/servers/fixtures.js';
import { silentLogger } from '../core/types.js';

import { ServerLogs } from './server-logs.js';

describe('ServerLogs', () => {
  it('writes stderr and notes to file, ring and followers; unfollow stops delivery', () => {
    const dir = tempDir();
    const logs = new ServerLogs('svc', {
      logsDir: dir,
      clock: { now: () => Date.UTC(2025, 0, 1) },
      logger: silentLogger,
    });
    const seen: string[] = [];
    const stop = logs.follow((l) => seen.push(l));
    logs.write(Buffer.from('one\ntw'));
    logs.note('restarting');
    stop();
    logs.write(Buffer.from('three\n'));
    logs.close();
    expect(seen).toEqual(['one', 'tw', '[mcp 2025-01-01T00:00:00.000Z] restarting']);
    expect(logs.tail(10)).toEqual(['one', 'tw', '[mcp 2025-01-01T00:00:00.000Z] restarting', 'three']);
    expect(fs.readFileSync(path.join(dir, 'svc.log'), 'utf8')).toBe(
      'one\ntw\n[mcp 2025-01-01T00:00:00.000Z] restarting\nthree\n',
    );
  });

  it('keeps working in memory when the log directory is unwritable', () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    const warnings: string[] = [];
    const logs = new ServerLogs('svc', {
      logsDir: file,
      clock: Date,
      logger: { ...silentLogger, warn: (m) => warnings.push(m) },
    });
    logs.write(Buffer.from('still here\n'));
    logs.write(Buffer.from('and here\n'));
    expect(logs.tail(5)).toEqual(['still here', 'and here']);
    expect(warnings).toHaveLength(1);
  });
});

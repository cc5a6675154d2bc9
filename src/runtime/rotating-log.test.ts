import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from '../../test/fixtures/servers/fixtures.js';

import { RotatingLogFile } from './rotating-log.js';

describe('RotatingLogFile', () => {
  it('rotates at maxBytes and keeps `keep` old files', () => {
    const file = path.join(tempDir(), 'nested', 's.log');
    const log = new RotatingLogFile(file, { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 10; i++) log.write(`${String(i).repeat(39)}\n`); // 40 bytes each
    log.close();
    const dir = path.dirname(file);
    expect(fs.readdirSync(dir).sort()).toEqual(['s.log', 's.log.1', 's.log.2']);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${'8'.repeat(39)}\n${'9'.repeat(39)}\n`);
    expect(fs.readFileSync(`${file}.1`, 'utf8').startsWith('6')).toBe(true);
    expect(fs.readFileSync(`${file}.2`, 'utf8').startsWith('4')).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('appends to an existing file across instances, counting its size', () => {
    const file = path.join(tempDir(), 's.log');
    fs.writeFileSync(file, 'x'.repeat(90));
    const log = new RotatingLogFile(file, { maxBytes: 100, keep: 1 });
    log.write('y'.repeat(20));
    log.close();
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('x'.repeat(90));
    expect(fs.readFileSync(file, 'utf8')).toBe('y'.repeat(20));
  });

  it('with keep 0 truncates instead of keeping history', () => {
    const file = path.join(tempDir(), 's.log');
    const log = new RotatingLogFile(file, { maxBytes: 10, keep: 0 });
    log.write('0123456789');
    log.write('abc');
    log.close();
    expect(fs.readdirSync(path.dirname(file))).toEqual(['s.log']);
    expect(fs.readFileSync(file, 'utf8')).toBe('abc');
  });
});

import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('logger', () => {
  it('filters by level and writes JSON lines with child fields', () => {
    const c = capture();
    const log = createLogger({ level: 'info', stream: c.stream, clock: () => new Date(0) }).child({
      server: 'echo',
    });
    log.debug('hidden');
    log.info('started', { pid: 4 });
    const lines = c
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'started', server: 'echo', pid: 4 },
    ]);
  });

  it('never writes credential values', () => {
    const c = capture();
    const log = createLogger({ stream: c.stream, format: 'text' });
    log.warn('connect failed', { headers: { Authorization: 'Bearer abc123' }, apiKey: 'k-999', token: 't' });
    expect(c.text()).not.toMatch(/abc123|k-999|=t\b/);
    expect(c.text()).toContain('[redacted]');
  });
});

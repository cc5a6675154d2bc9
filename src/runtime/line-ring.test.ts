import { describe, expect, it } from 'vitest';

import { LineRing } from './line-ring.js';

describe('LineRing', () => {
  it('splits chunks into lines, holding a partial line until it completes', () => {
    const ring = new LineRing();
    expect(ring.push('a\nb')).toEqual(['a']);
    expect(ring.push('c\r\nd\n')).toEqual(['bc', 'd']);
    expect(ring.tail(10)).toEqual(['a', 'bc', 'd']);
    expect(ring.push('tail')).toEqual([]);
    expect(ring.flush()).toEqual(['tail']);
  });

  it('keeps the last maxLines lines', () => {
    const ring = new LineRing({ maxLines: 3 });
    for (let i = 0; i < 10; i++) ring.push(`line ${i}\n`);
    expect(ring.tail(100)).toEqual(['line 7', 'line 8', 'line 9']);
    expect(ring.tail(2)).toEqual(['line 8', 'line 9']);
    expect(ring.tail(0)).toEqual([]);
  });

  it('keeps within the byte budget and clips long lines', () => {
    const ring = new LineRing({ maxBytes: 100, maxLineLength: 20 });
    for (let i = 0; i < 50; i++) ring.push(`${i}`.padEnd(30, 'x') + '\n');
    const tail = ring.tail(1000);
    expect(tail.every((l) => l.length === 21 && l.endsWith('…'))).toBe(true);
    expect(tail.reduce((n, l) => n + l.length + 1, 0)).toBeLessThanOrEqual(100);
    expect(tail.at(-1)?.startsWith('49')).toBe(true);
  });

  it('cuts a line that never ends instead of growing without bound', () => {
    const ring = new LineRing({ maxLineLength: 10 });
    expect(ring.push('y'.repeat(25))).toEqual([`${'y'.repeat(10)}…`]);
  });
});

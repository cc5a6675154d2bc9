import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { Output, wantsColor } from './output.js';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('CLI output', () => {
  it('uses colour only on a TTY, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(wantsColor({ isTTY: true }, { noColor: false, forceColor: false })).toBe(true);
    expect(wantsColor({ isTTY: false }, { noColor: false, forceColor: false })).toBe(false);
    expect(wantsColor({}, { noColor: false, forceColor: false })).toBe(false);
    expect(wantsColor({ isTTY: true }, { noColor: true, forceColor: true })).toBe(false);
    expect(wantsColor({ isTTY: false }, { noColor: false, forceColor: true })).toBe(true);
  });

  it('never colours --json output and prints only the JSON on stdout', () => {
    const out = sink();
    const o = new Output({ json: true, color: true, stdout: out.stream });
    expect(o.color).toBe(false);
    o.line('for people');
    o.result({ a: 1 }, () => o.line('human'));
    expect(JSON.parse(out.text())).toEqual({ a: 1 });
    expect(out.text()).not.toContain('\u001b[');
  });

  it('aligns tables and colours cells when colour is on', () => {
    const out = sink();
    const o = new Output({ json: false, color: true, stdout: out.stream });
    o.table(
      [
        { n: 'echo', s: 'running' },
        { n: 'x', s: 'stopped' },
      ],
      [
        { key: 'n', label: 'NAME' },
        { key: 's', label: 'STATE', style: (v) => o.paint('green', v) },
      ],
    );
    const lines = out.text().split('\n');
    expect(lines[1]).toContain('echo  \u001b[32mrunning\u001b[0m');
    expect(lines[2]!.startsWith('x     ')).toBe(true);
  });
});

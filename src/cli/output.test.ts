import { PassThrough } from 'node:stream';

import { describe, expect, it, vi } from 'vitest';

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

describe('progress display', () => {
  it('prints one plain line per step when stderr is not a terminal', () => {
    const err = sink();
    const o = new Output({ json: false, color: false, stderr: err.stream });
    o.progress('checking for npm', { step: 1, total: 3 });
    o.progress('running npm install');
    o.progressDone();
    expect(err.text()).toBe('[1/3] checking for npm\nrunning npm install\n');
  });

  it('animates a spinner with the elapsed seconds on a terminal, ended by the next output', () => {
    vi.useFakeTimers();
    try {
      const err = sink();
      const out = sink();
      Object.assign(err.stream, { isTTY: true });
      const o = new Output({ json: false, color: false, stderr: err.stream, stdout: out.stream });
      o.progress('running cargo install', { step: 2, total: 4 });
      expect(err.text()).toBe('\r\u001b[2K⠋ [2/4] running cargo install');
      vi.advanceTimersByTime(1100);
      expect(err.text()).toContain('⠙ [2/4] running cargo install');
      expect(err.text()).toMatch(/running cargo install \(1 s\)$/);
      o.line('done');
      const after = err.text();
      expect(after.endsWith('\n')).toBe(true);
      vi.advanceTimersByTime(1000);
      expect(err.text()).toBe(after);
      expect(out.text()).toBe('done\n');
    } finally {
      vi.useRealTimers();
    }
  });
});

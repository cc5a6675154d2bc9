import { describe, expect, it } from 'vitest';

import { abortableOf, Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('tells each listener once, with the reason, and not the removed ones', () => {
    const cancel = new Cancellation();
    const heard: unknown[] = [];
    cancel.onAbort((r) => heard.push(['a', r]));
    const off = cancel.onAbort((r) => heard.push(['b', r]));
    off();
    cancel.abort('client cancelled');
    cancel.abort('again');
    expect(heard).toEqual([['a', 'client cancelled']]);
    expect(cancel.aborted).toBe(true);
    expect(cancel.reason).toBe('client cancelled');
  });

  it('calls a listener registered after the abort at once', () => {
    const cancel = new Cancellation();
    cancel.abort('gone');
    let heard: unknown;
    cancel.onAbort((r) => (heard = r));
    expect(heard).toBe('gone');
  });

  it('without a reason, aborts with an AbortError as AbortController does', () => {
    const cancel = new Cancellation();
    cancel.abort();
    const controller = new AbortController();
    controller.abort();
    expect(cancel.reason).toBeInstanceOf(DOMException);
    expect((cancel.reason as DOMException).name).toBe((controller.signal.reason as DOMException).name);
  });

  it('makes a signal only when asked, which follows the cancellation before and after it is made', () => {
    const early = new Cancellation();
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    early.abort('x');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('x');
    expect(early.signal).toBe(signal);

    const late = new Cancellation();
    late.abort('y');
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBe('y');
  });

  it('abortableOf follows a real signal: state, reason, listeners once, removal, and at once after abort', () => {
    const controller = new AbortController();
    const abort = abortableOf(controller.signal);
    const heard: unknown[] = [];
    abort.onAbort((r) => heard.push(['a', r]));
    abort.onAbort((r) => heard.push(['b', r]))();
    expect(abort.aborted).toBe(false);
    controller.abort('stop');
    expect(abort.aborted).toBe(true);
    expect(abort.reason).toBe('stop');
    expect(abort.signal).toBe(controller.signal);
    abort.onAbort((r) => heard.push(['c', r]));
    expect(heard).toEqual([
      ['a', 'stop'],
      ['c', 'stop'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';

import { mostVerbose, passes } from './log-levels.js';
import { SubscriptionTable } from './subscriptions.js';

describe('subscriptions', () => {
  const note = { server: 'm', uri: 'memo://note' };

  it('subscribes upstream for the first session and unsubscribes after the last', () => {
    const t = new SubscriptionTable();
    expect(t.add(note, 'a')).toBe(true);
    expect(t.add(note, 'b')).toBe(false);
    expect(t.subscribers(note).sort()).toEqual(['a', 'b']);
    expect(t.remove(note, 'a')).toBe(false);
    expect(t.remove(note, 'a')).toBe(false);
    expect(t.remove(note, 'b')).toBe(true);
    expect(t.subscribers(note)).toEqual([]);
  });

  it('releases every subscription of a closing session', () => {
    const t = new SubscriptionTable();
    const other = { server: 'n', uri: 'x://1' };
    t.add(note, 'a');
    t.add(other, 'a');
    t.add(other, 'b');
    expect(t.removeSession('a')).toEqual([note]);
    expect(t.resourcesOf('n')).toEqual(['x://1']);
    expect(t.resourcesOf('m')).toEqual([]);
  });
});

describe('log levels', () => {
  it('filters by severity; no level chosen lets everything through', () => {
    expect(passes('error', 'warning')).toBe(true);
    expect(passes('info', 'warning')).toBe(false);
    expect(passes('debug', undefined)).toBe(true);
    expect(passes('bogus', 'error')).toBe(true);
  });

  it('picks the most verbose level', () => {
    expect(mostVerbose(['error', 'info', 'warning'])).toBe('info');
    expect(mostVerbose([])).toBeUndefined();
  });
});

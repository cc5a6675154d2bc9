import { describe, expect, it } from 'vitest';

import { configSchema, serverSchema, type PlatformConfig, type ServerConfig } from '../config/schema.js';

import { changedFields, desiredServers, planReconcile, restartNotes, type ServerEntry } from './reconcile.js';

const stdio = (command: string, extra: Record<string, unknown> = {}): ServerConfig =>
  serverSchema.parse({ type: 'stdio', command, ...extra });
const remote = (url: string, extra: Record<string, unknown> = {}): ServerConfig =>
  serverSchema.parse({ type: 'remote', url, ...extra });
const entries = (servers: Record<string, ServerConfig>): ServerEntry[] =>
  Object.entries(servers).map(([name, config]) => ({ name, config }));
const kinds = (current: ServerEntry[], desired: ServerEntry[]): string[] =>
  planReconcile(current, desired).map((a) => `${a.kind} ${a.name}`);

describe('planReconcile', () => {
  it('plans nothing when nothing changed', () => {
    const servers = entries({ a: stdio('a'), b: remote('https://b.example/mcp') });
    expect(planReconcile(servers, entries({ a: stdio('a'), b: remote('https://b.example/mcp') }))).toEqual(
      [],
    );
  });

  it('adds new servers and removes missing ones', () => {
    const plan = planReconcile(entries({ a: stdio('a') }), entries({ b: stdio('b') }));
    expect(plan).toEqual([
      { kind: 'remove', name: 'a', changed: [] },
      { kind: 'add', name: 'b', config: stdio('b'), changed: [] },
    ]);
  });

  it.each([
    ['command', stdio('other')],
    ['args', stdio('a', { args: ['--flag'] })],
    ['env', stdio('a', { env: { TOKEN: '${secret:T}' } })],
    ['cwd', stdio('a', { cwd: '/srv' })],
    ['dependsOn', stdio('a', { dependsOn: ['b'] })],
  ])('restarts a stdio server whose %s changed', (field, next) => {
    const plan = planReconcile(entries({ a: stdio('a') }), entries({ a: next }));
    expect(plan).toEqual([{ kind: 'restart', name: 'a', config: next, changed: [field] }]);
  });

  it.each([
    ['url', remote('https://c.example/mcp')],
    ['transport', remote('https://b.example/mcp', { transport: 'sse' })],
    ['headers', remote('https://b.example/mcp', { headers: { authorization: 'Bearer x' } })],
  ])('restarts a remote server whose %s changed', (field, next) => {
    const plan = planReconcile(entries({ b: remote('https://b.example/mcp') }), entries({ b: next }));
    expect(plan).toEqual([{ kind: 'restart', name: 'b', config: next, changed: [field] }]);
  });

  it('restarts a server that changed from stdio to remote', () => {
    const plan = planReconcile(entries({ a: stdio('a') }), entries({ a: remote('https://a.example/mcp') }));
    expect(plan[0]).toMatchObject({ kind: 'restart', name: 'a' });
    expect(plan[0]!.changed).toEqual(expect.arrayContaining(['type', 'command', 'url']));
  });

  it('does not care about the order of env or header keys', () => {
    const a = stdio('a', { env: { X: '1', Y: '2' } });
    const b = stdio('a', { env: { Y: '2', X: '1' } });
    expect(planReconcile(entries({ a }), entries({ a: b }))).toEqual([]);
  });

  it('cares about the order of args', () => {
    const a = stdio('a', { args: ['1', '2'] });
    const b = stdio('a', { args: ['2', '1'] });
    expect(kinds(entries({ a }), entries({ a: b }))).toEqual(['restart a']);
  });

  it('disables and enables without calling it a restart', () => {
    expect(kinds(entries({ a: stdio('a') }), entries({ a: stdio('a', { enabled: false }) }))).toEqual([
      'disable a',
    ]);
    expect(kinds(entries({ a: stdio('a', { enabled: false }) }), entries({ a: stdio('a') }))).toEqual([
      'enable a',
    ]);
  });

  it('enables with the new definition when both changed', () => {
    const plan = planReconcile(
      entries({ a: stdio('a', { enabled: false }) }),
      entries({ a: stdio('b', { enabled: true }) }),
    );
    expect(plan).toEqual([
      { kind: 'enable', name: 'a', config: stdio('b'), changed: ['command', 'enabled'] },
    ]);
  });

  it('only updates a server whose description changed, or that stays disabled', () => {
    expect(
      planReconcile(entries({ a: stdio('a') }), entries({ a: stdio('a', { description: 'new' }) })),
    ).toEqual([
      { kind: 'update', name: 'a', config: stdio('a', { description: 'new' }), changed: ['description'] },
    ]);
    expect(
      kinds(entries({ a: stdio('a', { enabled: false }) }), entries({ a: stdio('b', { enabled: false }) })),
    ).toEqual(['update a']);
  });

  it('orders removals, stops, restarts, updates, starts and additions; desired order inside a group', () => {
    const current = entries({
      gone: stdio('gone'),
      off: stdio('off'),
      changed: stdio('changed'),
      on: stdio('on', { enabled: false }),
      gone2: stdio('gone2'),
    });
    const desired = entries({
      new2: stdio('new2'),
      on: stdio('on'),
      changed: stdio('changed', { args: ['x'] }),
      off: stdio('off', { enabled: false }),
      new1: stdio('new1'),
    });
    expect(kinds(current, desired)).toEqual([
      'remove gone',
      'remove gone2',
      'disable off',
      'restart changed',
      'enable on',
      'add new2',
      'add new1',
    ]);
  });
});

describe('changedFields', () => {
  it('treats an absent optional field and an undefined one alike', () => {
    expect(changedFields(stdio('a'), stdio('a', { cwd: undefined }))).toEqual([]);
  });
});

const config = (raw: Record<string, unknown>): PlatformConfig =>
  configSchema.parse({ version: 2, activeProfile: 'default', ...raw });

describe('desiredServers', () => {
  const cfg = config({
    servers: { a: { command: 'a' }, b: { url: 'https://b.example/mcp' }, c: { command: 'c' } },
    profiles: { default: { servers: ['b', 'a'] }, other: { servers: ['c'] } },
  });

  it('lists the profile servers in profile order, with their definitions', () => {
    expect(desiredServers(cfg, 'default')?.map((e) => [e.name, e.config.type])).toEqual([
      ['b', 'remote'],
      ['a', 'stdio'],
    ]);
  });

  it('is undefined for a profile the config does not have', () => {
    expect(desiredServers(cfg, 'missing')).toBeUndefined();
  });
});

describe('restartNotes', () => {
  const base = config({ servers: {}, profiles: { default: { servers: [] }, other: { servers: [] } } });

  it('is empty when only servers changed', () => {
    expect(restartNotes(base, base, 'default')).toEqual([]);
  });

  it('names gateway settings, tool policy and a profile switch', () => {
    const next = config({
      servers: {},
      profiles: { default: { servers: [], tools: { deny: ['*__delete'] } }, other: { servers: [] } },
      activeProfile: 'other',
      gateway: { port: 9000 },
    });
    const notes = restartNotes(base, next, 'default');
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/^gateway\.port changed: .*mcp down && mcp up/);
    expect(notes[1]).toMatch(/^profiles\.default\.tools changed/);
    expect(notes[2]).toMatch(/active profile is now "other".*keeps running "default"/);
  });
});

/**
 * Client entries per scope, against real files in a temp home and real API keys in SQLite: a client
 * connected at user scope and in two projects has three entries with three distinct keys, each opening the
 * gateway; disconnecting one scope removes that entry and revokes that key only; status lists every
 * connected scope; a state file from before per-scope records loads as the scope it recorded.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApiKeyVerifier, createApiKey, findApiKey, keysIn, revokeApiKey } from '../auth/api-keys.js';
import { openStorage, type Storage } from '../store/index.js';

import { serversIn } from './config-file.js';
import type { ClientDeps } from './deps.js';
import { clientStatuses, connectClient, disconnectClient, restoreClient } from './manager.js';
import { clientSpec } from './registry.js';
import { ClientState, migrateState } from './state.js';
import { ENTRY_NAME, type ClientSpec } from './types.js';

let dir: string;
let storage: Storage;
let deps: ClientDeps;
let home: string;
let mcpHome: string;

function depsAt(cwd: string): ClientDeps {
  return { ...deps, env: { ...deps.env, cwd } };
}

/** The key in the gateway entry of a client file. */
async function keyIn(spec: ClientSpec, file: string): Promise<string | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const entry = serversIn(spec, text, file)[ENTRY_NAME];
  return entry ? keysIn(JSON.stringify(entry))[0] : undefined;
}

/** Whether a key opens the gateway (what the gateway asks of a client's key). */
async function opens(key: string | undefined): Promise<boolean> {
  if (!key) return false;
  return !!(await new ApiKeyVerifier(storage.apiKeys, Date.now, 0).verify(key, 'mcp'));
}

async function activeKeyNames(): Promise<string[]> {
  return (await storage.apiKeys.list())
    .filter((k) => k.revokedAt === null)
    .map((k) => k.name)
    .sort();
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'client-scopes-'));
  home = path.join(dir, 'home');
  mcpHome = path.join(dir, 'mcp');
  await fs.mkdir(path.join(home, '.claude'), { recursive: true });
  await fs.mkdir(path.join(dir, 'app'), { recursive: true });
  await fs.mkdir(path.join(dir, 'lib'), { recursive: true });
  storage = await openStorage({ sqlitePath: path.join(dir, 'state.db') });
  deps = {
    env: { platform: 'linux', home, cwd: path.join(dir, 'app') },
    state: new ClientState(mcpHome, path.join(mcpHome, 'backups')),
    createKey: async (name) => {
      const { key, record } = await createApiKey(storage.apiKeys, { name, scopes: ['mcp'] });
      return { key, id: record.id };
    },
    revokeKey: async (id) => {
      const k = await findApiKey(storage.apiKeys, id).catch(() => undefined);
      if (k) await revokeApiKey(storage.apiKeys, k.id);
    },
    keyState: async (key) => {
      const { hashKey } = await import('../auth/api-keys.js');
      const record = await storage.apiKeys.findByHash(hashKey(key));
      return !record ? 'unknown' : record.revokedAt !== null ? 'revoked' : 'active';
    },
    target: (key) => ({
      url: 'http://127.0.0.1:8090/mcp',
      key,
      home: mcpHome,
      node: '/usr/bin/node',
      bin: '/opt/mcp/bin/mcp.js',
    }),
  };
});

afterEach(async () => {
  await storage.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('client entries per scope', () => {
  const spec = clientSpec('claude-code');

  it('keeps a working key for the user file and for each project file', async () => {
    const userFile = path.join(home, '.claude.json');
    const appFile = path.join(dir, 'app', '.mcp.json');
    const libFile = path.join(dir, 'lib', '.mcp.json');

    const user = await connectClient(deps, spec);
    expect(user).toMatchObject({ scope: 'user', file: userFile, keyName: 'claude-code', project: undefined });
    const userKey = await keyIn(spec, userFile);
    expect(await opens(userKey)).toBe(true);

    const app = await connectClient(deps, spec, { scope: 'project' });
    expect(app).toMatchObject({ scope: 'project', file: appFile, project: path.join(dir, 'app') });
    expect(app.keyName).toMatch(/^claude-code-project-app-[0-9a-f]{8}$/);
    const lib = await connectClient(depsAt(path.join(dir, 'lib')), spec, { scope: 'project' });
    expect(lib.keyName).toMatch(/^claude-code-project-lib-[0-9a-f]{8}$/);

    const keys = [userKey, await keyIn(spec, appFile), await keyIn(spec, libFile)];
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(await opens(key)).toBe(true);
    expect(await activeKeyNames()).toEqual([...new Set([user.keyName, app.keyName, lib.keyName])].sort());

    // Every connected scope is a row of its own.
    const rows = (await clientStatuses(deps)).filter((r) => r.client === spec.id);
    expect(rows.map((r) => [r.scope, r.file, r.status, r.keyName])).toEqual([
      ['user', userFile, 'connected', 'claude-code'],
      ['project', appFile, 'connected', app.keyName],
      ['project', libFile, 'connected', lib.keyName],
    ]);
    expect(rows[1]!.project).toBe(path.join(dir, 'app'));

    // A reconnect rotates that entry's key only.
    await connectClient(deps, spec, { scope: 'project' });
    const rotated = await keyIn(spec, appFile);
    expect(rotated).not.toBe(keys[1]);
    expect(await opens(rotated)).toBe(true);
    expect(await opens(keys[1])).toBe(false);
    expect(await opens(userKey)).toBe(true);
    expect(await opens(keys[2])).toBe(true);
  });

  it('disconnects one scope and leaves the others connected, with their keys', async () => {
    const userFile = path.join(home, '.claude.json');
    const appFile = path.join(dir, 'app', '.mcp.json');
    await connectClient(deps, spec);
    await connectClient(deps, spec, { scope: 'project' });
    const userKey = await keyIn(spec, userFile);
    const appKey = await keyIn(spec, appFile);

    const gone = await disconnectClient(deps, spec, { scope: 'project' });
    expect(gone).toMatchObject({ file: appFile, scope: 'project', removed: true, revoked: true });
    expect(await keyIn(spec, appFile)).toBeUndefined();
    expect(await opens(appKey)).toBe(false);
    expect(await keyIn(spec, userFile)).toBe(userKey);
    expect(await opens(userKey)).toBe(true);
    expect(await activeKeyNames()).toEqual(['claude-code']);
    const rows = (await clientStatuses(deps)).filter((r) => r.client === spec.id);
    expect(rows.map((r) => [r.scope, r.status])).toEqual([['user', 'connected']]);

    // And the other way round: user scope goes, the project entry (connected again) stays.
    await connectClient(deps, spec, { scope: 'project' });
    const appKey2 = await keyIn(spec, appFile);
    expect(await disconnectClient(deps, spec)).toMatchObject({ file: userFile, removed: true });
    expect(await opens(userKey)).toBe(false);
    expect(await opens(appKey2)).toBe(true);
    expect((await clientStatuses(deps)).filter((r) => r.client === spec.id).map((r) => r.status)).toEqual([
      'not-connected',
      'connected',
    ]);
  });

  it('disconnects the project named by `project` from anywhere', async () => {
    await connectClient(depsAt(path.join(dir, 'lib')), spec, { scope: 'project' });
    const libFile = path.join(dir, 'lib', '.mcp.json');
    const key = await keyIn(spec, libFile);
    const r = await disconnectClient(deps, spec, { scope: 'project', project: path.join(dir, 'lib') });
    expect(r).toMatchObject({ file: libFile, removed: true, revoked: true });
    expect(await opens(key)).toBe(false);
  });

  it('restores the latest backup of the scope asked for', async () => {
    const appFile = path.join(dir, 'app', '.mcp.json');
    await fs.writeFile(appFile, '{ "mcpServers": { "mine": { "command": "x" } } }\n');
    await connectClient(deps, spec);
    await connectClient(deps, spec, { scope: 'project' });
    await expect(restoreClient(deps, spec)).rejects.toThrow(/no backups of Claude Code at user scope/);
    const r = await restoreClient(deps, spec, undefined, { scope: 'project' });
    expect(r.file).toBe(appFile);
    expect(await fs.readFile(appFile, 'utf8')).toBe('{ "mcpServers": { "mine": { "command": "x" } } }\n');
    expect(await keyIn(spec, path.join(home, '.claude.json'))).toBeDefined();
  });

  it('takes a project file that is the user file (Cursor in the home directory) for the user entry', async () => {
    const cursor = clientSpec('cursor');
    await connectClient(deps, cursor);
    const r = await connectClient(depsAt(home), cursor, { scope: 'project' });
    expect(r).toMatchObject({
      scope: 'user',
      file: path.join(home, '.cursor', 'mcp.json'),
      keyName: 'cursor',
    });
    expect(r.notes[0]).toMatch(/is its user file/);
    expect(await activeKeyNames()).toEqual(['cursor']);
  });
});

describe('state files from before per-scope records', () => {
  const spec = clientSpec('claude-code');

  it('load with the one record at the scope it recorded, user when it names none', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const state = migrateState({
      clients: {
        'claude-code': {
          file: '/p/.mcp.json',
          scope: 'project',
          hash: 'h',
          keyId: 'k1',
          writtenAt: at,
          backups: [],
        },
        cursor: { file: '/h/.cursor/mcp.json', hash: 'h', keyId: 'k2', writtenAt: at, backups: [] },
      },
    });
    expect(state.version).toBe(2);
    expect(state.clients['claude-code']).toEqual([
      expect.objectContaining({
        file: '/p/.mcp.json',
        scope: 'project',
        keyId: 'k1',
        keyName: 'claude-code',
      }),
    ]);
    expect(state.clients.cursor).toEqual([expect.objectContaining({ scope: 'user', keyName: 'cursor' })]);
    expect(migrateState({ clients: { ...state.clients } })).toEqual(state);
    expect(migrateState(null)).toEqual({ version: 2, clients: {} });
  });

  it('keep the old entry working when the client is connected at its other scope', async () => {
    // As the previous version left it: a project connect, one record, the key named after the client.
    const appFile = path.join(dir, 'app', '.mcp.json');
    const old = await deps.createKey('claude-code');
    const text = `${JSON.stringify({ mcpServers: { [ENTRY_NAME]: spec.entry(deps.target(old.key)) } }, null, 2)}\n`;
    await fs.writeFile(appFile, text);
    const { contentHash, serversHash } = await import('./state.js');
    await fs.mkdir(mcpHome, { recursive: true });
    await fs.writeFile(
      path.join(mcpHome, 'clients.json'),
      JSON.stringify({
        clients: {
          'claude-code': {
            file: appFile,
            scope: 'project',
            hash: contentHash(text),
            serversHash: serversHash(serversIn(spec, text, appFile)),
            keyId: old.id,
            writtenAt: new Date().toISOString(),
            backups: [],
          },
        },
      }),
    );
    expect(
      (await clientStatuses(deps)).filter((r) => r.client === spec.id).map((r) => [r.scope, r.status]),
    ).toEqual([
      ['user', 'not-connected'],
      ['project', 'connected'],
    ]);

    const user = await connectClient(deps, spec);
    // The name the old project entry's key holds is taken: the user key gets the next one.
    expect(user.keyName).toBe('claude-code-2');
    expect(await opens(old.key)).toBe(true);
    expect(await opens(await keyIn(spec, path.join(home, '.claude.json')))).toBe(true);
    const saved = JSON.parse(await fs.readFile(path.join(mcpHome, 'clients.json'), 'utf8')) as {
      version: number;
      clients: Record<string, unknown[]>;
    };
    expect(saved.version).toBe(2);
    expect(saved.clients['claude-code']).toHaveLength(2);

    // The old project entry disconnects on its own and its key goes with it.
    expect(await disconnectClient(deps, spec, { scope: 'project' })).toMatchObject({ revoked: true });
    expect(await opens(old.key)).toBe(false);
    expect(await opens(await keyIn(spec, path.join(home, '.claude.json')))).toBe(true);
  });
});

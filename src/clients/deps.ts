/**
 * What the client operations share: the platform dependencies they are given, which file an operation is
 * about (client, scope and, for project scope, the project directory), the name of that file's key, and
 * reading and writing client files (backup first, then an atomic replace).
 * @module
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-write.js';
import { UsageError } from '../errors.js';

import { pathsFor } from './locations.js';
import type { ClientBackup, ClientRecord, ClientState } from './state.js';
import type { ClientEnv, ClientScope, ClientSpec, GatewayTarget } from './types.js';

/** What the operations need from the platform. */
export interface ClientDeps {
  env: ClientEnv;
  state: ClientState;
  /** Creates an entry's own API key (named after the client and scope). */
  createKey(name: string): Promise<{ key: string; id: string }>;
  /** Revokes a key (ignores keys already gone). */
  revokeKey(id: string): Promise<void>;
  /** The gateway entry's target for a key. */
  target(key: string, profile?: string): GatewayTarget;
  /** Whether an API key is one of this platform's and not revoked (optional: no check without it). */
  keyState?(key: string): Promise<'active' | 'revoked' | 'unknown'>;
}

/** Which entry an operation is about: `scope` (default user) and, for project scope, `project` (default: the current directory). */
export interface ScopeOptions {
  scope?: ClientScope | undefined;
  /** The project directory for project scope (absolute; default `env.cwd`). */
  project?: string | undefined;
}

/** The file of a client for a scope, or a usage error saying why there is none. */
export function clientFile(spec: ClientSpec, env: ClientEnv, scope: ClientScope): string {
  const file = spec.path(env, scope);
  if (!file) {
    throw new UsageError(
      spec.format === 'none'
        ? `${spec.label} has no config file: see \`mcp config generate ${spec.id}\` for its connector settings`
        : `${spec.label} has no ${scope}-scope config; use --scope ${spec.scopes.join(' or ')}`,
    );
  }
  return file;
}

/** One entry's place: its file, its scope, and the project directory for project scope. */
export interface EntryPlace {
  file: string;
  scope: ClientScope;
  project: string | undefined;
  /** Set when the project file is the user file (Cursor and Gemini CLI in the home directory). */
  note?: string;
}

/**
 * The file an operation at `opts` is about. A project whose file is the client's user file (a project at
 * the home directory, for clients keeping both under the same relative path) is the user-scope entry:
 * there is one entry in one file.
 */
export function entryPlace(spec: ClientSpec, env: ClientEnv, opts: ScopeOptions = {}): EntryPlace {
  const scope = opts.scope ?? 'user';
  if (scope === 'user') return { file: clientFile(spec, env, 'user'), scope, project: undefined };
  const projectEnv = opts.project ? { ...env, cwd: opts.project } : env;
  const file = clientFile(spec, projectEnv, 'project');
  if (file === spec.path(env, 'user')) {
    return {
      file,
      scope: 'user',
      project: undefined,
      note: `the project file of ${spec.label} in ${projectEnv.cwd} is its user file: this is the user-scope entry`,
    };
  }
  return { file, scope, project: projectEnv.cwd };
}

/**
 * The name of an entry's key: the client id at user scope (`cursor`, as `mcp key revoke cursor` expects);
 * `<client>-project-<folder>-<hash of the directory>` at project scope. A name another record of the
 * client still holds (a state file from before keys were per scope) gets a `-2`, `-3`, ... suffix.
 */
export function keyNameFor(
  spec: ClientSpec,
  env: ClientEnv,
  place: EntryPlace,
  others: readonly ClientRecord[],
): string {
  let base: string = spec.id;
  if (place.scope === 'project' && place.project) {
    const folder = pathsFor(env)
      .basename(place.project)
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 24);
    const hash = createHash('sha256').update(place.project).digest('hex').slice(0, 8);
    base = [spec.id, 'project', folder, hash].filter(Boolean).join('-');
  }
  const taken = new Set(others.filter((r) => r.keyId && r.keyName).map((r) => r.keyName));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}

/** A file's text, or undefined when there is no file. */
export async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Writes a client file: backup of the current one first, then an atomic replace. */
export async function writeClientFile(
  deps: ClientDeps,
  spec: ClientSpec,
  file: string,
  text: string,
): Promise<ClientBackup | undefined> {
  const backup = await deps.state.backup(spec.id, file);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
  return backup;
}

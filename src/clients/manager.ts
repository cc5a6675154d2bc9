/**
 * Connecting AI clients to the gateway and back: write the gateway entry into a client's own config file
 * (backed up first, written atomically, everything else untouched), remove it, notice hand edits, restore
 * a backup, and import the servers a client already has.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { keysIn } from '../auth/api-keys.js';
import { writeFileAtomic } from '../config/atomic-write.js';
import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';

import { parseFile, serversIn, withEntry, withoutEntries } from './config-file.js';
import { allClients } from './registry.js';
import { contentHash, serversHash, type ClientBackup, type ClientRecord, type ClientState } from './state.js';
import {
  ENTRY_NAME,
  type ClientEnv,
  type ClientScope,
  type ClientSpec,
  type GatewayTarget,
} from './types.js';

/** What the operations need from the platform. */
export interface ClientDeps {
  env: ClientEnv;
  state: ClientState;
  /** Creates the client's own API key (named after it). */
  createKey(name: string): Promise<{ key: string; id: string }>;
  /** Revokes a key (ignores keys already gone). */
  revokeKey(id: string): Promise<void>;
  /** The gateway entry's target for a key. */
  target(key: string, profile?: string): GatewayTarget;
  /** Whether an API key is one of this platform's and not revoked (optional: no check without it). */
  keyState?(key: string): Promise<'active' | 'revoked' | 'unknown'>;
}

/** Warnings for the API keys a restored client file holds that no longer open the gateway. */
async function keyWarnings(deps: ClientDeps, spec: ClientSpec, text: string): Promise<string[]> {
  if (!deps.keyState) return [];
  const warnings: string[] = [];
  for (const key of keysIn(text)) {
    const state = await deps.keyState(key);
    if (state === 'active') continue;
    warnings.push(
      `the restored file holds an API key that ${state === 'revoked' ? 'was revoked since (a later connect rotates the key)' : 'this platform does not know'}: ${spec.label} will get 401 from the gateway; run \`mcp client connect ${spec.id}\` to give it a working key`,
    );
  }
  return warnings;
}

/** The outcome of a connect. */
export interface ConnectResult {
  client: string;
  file: string | undefined;
  scope: ClientScope;
  entry: Record<string, unknown>;
  dryRun: boolean;
  backup: ClientBackup | undefined;
  keyName: string;
  notes: string[];
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

async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Writes a client file: backup of the current one first, then an atomic replace. */
async function writeClientFile(
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

/**
 * Writes the gateway entry into a client's config, with a new key of its own (the client's previous key is
 * revoked: a reconnect rotates it). `remove` drops other entries in the same write. `dryRun` computes the
 * entry and touches nothing.
 */
export async function connectClient(
  deps: ClientDeps,
  spec: ClientSpec,
  opts: { scope?: ClientScope; profile?: string; dryRun?: boolean; remove?: string[] } = {},
): Promise<ConnectResult> {
  const scope = opts.scope ?? 'user';
  const keyName = spec.id;
  // What would be written, with a placeholder key: ChatGPT (no file) and --dry-run stop here.
  const preview = (file: string | undefined, placeholder: string): ConnectResult => {
    const target = deps.target(placeholder, opts.profile);
    const notes = spec.notes?.(target) ?? [];
    return {
      client: spec.id,
      file,
      scope,
      entry: spec.entry(target),
      dryRun: true,
      backup: undefined,
      keyName,
      notes,
    };
  };
  if (spec.format === 'none') return preview(undefined, `<key: mcp key create --name ${spec.id}>`);
  const file = clientFile(spec, deps.env, scope);
  const before = (await readText(file)) ?? '';
  parseFile(spec, before, file); // refuse a broken file before anything else happens
  if (opts.dryRun) return preview(file, '<new key, created on connect>');
  const state = await deps.state.load();
  const previous = state.clients[spec.id];
  // Key names are unique among active keys: the client's previous key goes first (a reconnect rotates it).
  if (previous?.keyId) await deps.revokeKey(previous.keyId).catch(() => undefined);
  const created = await deps.createKey(keyName);
  const target = deps.target(created.key, opts.profile);
  let backup: ClientBackup | undefined;
  let text: string;
  try {
    text = withEntry(
      spec,
      withoutEntries(spec, before, file, opts.remove ?? []),
      file,
      ENTRY_NAME,
      spec.entry(target),
    );
    backup = await writeClientFile(deps, spec, file, text);
  } catch (err) {
    await deps.revokeKey(created.id).catch(() => undefined);
    throw err;
  }
  const record: ClientRecord = {
    file,
    scope,
    hash: contentHash(text),
    serversHash: serversHash(serversIn(spec, text, file)),
    keyId: created.id,
    profile: opts.profile,
    writtenAt: new Date().toISOString(),
    backups: [...(previous?.file === file ? previous.backups : []), ...(backup ? [backup] : [])],
  };
  state.clients[spec.id] = record;
  await deps.state.save(state);
  return {
    client: spec.id,
    file,
    scope,
    entry: spec.entry(target),
    dryRun: false,
    backup,
    keyName,
    notes: spec.notes?.(target) ?? [],
  };
}

/** Removes the gateway entry from a client's config and revokes its key. */
export async function disconnectClient(
  deps: ClientDeps,
  spec: ClientSpec,
  opts: { scope?: ClientScope } = {},
): Promise<{ client: string; file: string; removed: boolean; backup: ClientBackup | undefined }> {
  const state = await deps.state.load();
  const record = state.clients[spec.id];
  const file = record?.file ?? clientFile(spec, deps.env, opts.scope ?? 'user');
  const before = await readText(file);
  let backup: ClientBackup | undefined;
  let removed = false;
  if (before !== undefined && ENTRY_NAME in serversIn(spec, before, file)) {
    backup = await writeClientFile(deps, spec, file, withoutEntries(spec, before, file, [ENTRY_NAME]));
    removed = true;
  }
  if (record?.keyId) await deps.revokeKey(record.keyId).catch(() => undefined);
  if (record) {
    // Backups stay restorable after a disconnect.
    state.clients[spec.id] = {
      ...record,
      keyId: undefined,
      hash: '',
      serversHash: undefined,
      backups: [...record.backups, ...(backup ? [backup] : [])],
    };
    await deps.state.save(state);
  }
  return { client: spec.id, file, removed, backup };
}

/** The state of one client file. */
export interface ClientStatus {
  client: string;
  label: string;
  file: string | undefined;
  installed: boolean;
  /**
   * connected: our entry is there and the file's servers are as we wrote them; modified: they were edited
   * since (changes elsewhere in the file do not count); ...
   */
  status:
    'connected' | 'modified' | 'entry-removed' | 'file-missing' | 'not-connected' | 'no-file' | 'invalid';
  /** Servers in the file other than the gateway's entry (candidates for import). */
  others: string[];
  backups: number;
}

/** The status of every known client. */
export async function clientStatuses(deps: ClientDeps): Promise<ClientStatus[]> {
  const state = await deps.state.load();
  const out: ClientStatus[] = [];
  for (const spec of allClients()) {
    const record = state.clients[spec.id];
    const file = record?.file ?? spec.path(deps.env, 'user');
    const base = { client: spec.id, label: spec.label, file, backups: record?.backups.length ?? 0 };
    if (!file) {
      out.push({ ...base, installed: false, status: 'no-file', others: [] });
      continue;
    }
    const marker = spec.installedAt?.(deps.env) ?? path.dirname(file);
    const installed = await fs.stat(marker).then(
      () => true,
      () => false,
    );
    const text = await readText(file);
    if (text === undefined) {
      out.push({ ...base, installed, status: record?.hash ? 'file-missing' : 'not-connected', others: [] });
      continue;
    }
    let servers: Record<string, unknown> = {};
    try {
      servers = serversIn(spec, text, file);
    } catch {
      out.push({ ...base, installed, status: 'invalid', others: [] });
      continue;
    }
    const others = Object.keys(servers).filter((n) => n !== ENTRY_NAME);
    const has = ENTRY_NAME in servers;
    const status: ClientStatus['status'] = !record?.hash
      ? has
        ? 'modified'
        : 'not-connected'
      : !has
        ? 'entry-removed'
        : (
              record.serversHash === undefined
                ? contentHash(text) === record.hash
                : serversHash(servers) === record.serversHash
            )
          ? 'connected'
          : 'modified';
    out.push({ ...base, installed, status, others });
  }
  return out;
}

/**
 * Puts a backup of a client's file back (the current file is backed up first). `warnings` name API keys in
 * the restored file that were revoked since or are unknown here (the file is restored all the same).
 */
export async function restoreClient(
  deps: ClientDeps,
  spec: ClientSpec,
  backupId?: string,
): Promise<{
  client: string;
  file: string;
  restored: ClientBackup;
  backup: ClientBackup | undefined;
  warnings: string[];
}> {
  const state = await deps.state.load();
  const record = state.clients[spec.id];
  const backups = record?.backups ?? [];
  const chosen = backupId ? backups.find((b) => b.id === backupId) : backups.at(-1);
  if (!chosen) {
    throw new PlatformError(
      PlatformErrorCode.BackupNotFound,
      backupId ? `no backup "${backupId}" of ${spec.label}` : `no backups of ${spec.label}`,
      { client: spec.id, id: backupId },
      { hint: `see \`mcp client status --json\` for the backups of each client` },
    );
  }
  const text = await fs.readFile(chosen.file, 'utf8');
  const backup = await writeClientFile(deps, spec, chosen.of, text);
  let restoredServers: string | undefined;
  try {
    restoredServers = serversHash(serversIn(spec, text, chosen.of));
  } catch {
    restoredServers = undefined; // a backup that does not parse: status says `invalid` until it is fixed
  }
  state.clients[spec.id] = {
    ...record!,
    hash: contentHash(text),
    serversHash: restoredServers,
    writtenAt: new Date().toISOString(),
    backups: [...backups, ...(backup ? [backup] : [])],
  };
  await deps.state.save(state);
  const warnings = await keyWarnings(deps, spec, text);
  return { client: spec.id, file: chosen.of, restored: chosen, backup, warnings };
}

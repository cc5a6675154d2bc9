/**
 * Connecting AI clients to the gateway and back: write the gateway entry into a client's own config file
 * (backed up first, written atomically, everything else untouched) with a key of that entry's own, and
 * remove it again. Each scope of a client (its user file, and the project file of each project) is an entry
 * of its own, with its own record and key: connecting or disconnecting one leaves the others working.
 * Status and restore are in `status.ts` and `restore.ts`.
 * @module
 */
import { parseFile, serversIn, withEntry, withoutEntries } from './config-file.js';
import {
  entryPlace,
  keyNameFor,
  readText,
  writeClientFile,
  type ClientDeps,
  type ScopeOptions,
} from './deps.js';
import {
  contentHash,
  findRecord,
  putRecord,
  recordsOf,
  serversHash,
  type ClientBackup,
  type ClientRecord,
} from './state.js';
import { ENTRY_NAME, type ClientScope, type ClientSpec } from './types.js';

export { clientFile, entryPlace, type ClientDeps, type ScopeOptions } from './deps.js';
export { clientStatuses, type ClientStatus } from './status.js';
export { restoreClient } from './restore.js';

/** The outcome of a connect. */
export interface ConnectResult {
  client: string;
  file: string | undefined;
  scope: ClientScope;
  /** The project directory, for project scope. */
  project: string | undefined;
  entry: Record<string, unknown>;
  dryRun: boolean;
  backup: ClientBackup | undefined;
  keyName: string;
  notes: string[];
}

/** The outcome of a disconnect. */
export interface DisconnectResult {
  client: string;
  file: string;
  scope: ClientScope;
  project: string | undefined;
  removed: boolean;
  /** Whether the entry's key was revoked (false when no connect from here had made one). */
  revoked: boolean;
  backup: ClientBackup | undefined;
}

/**
 * Writes the gateway entry into a client's config at a scope, with a new key of that entry's own (the
 * entry's previous key is revoked: a reconnect rotates it; the keys of the client's other scopes are left
 * alone). `remove` drops other entries in the same write. `dryRun` computes the entry and touches nothing.
 */
export async function connectClient(
  deps: ClientDeps,
  spec: ClientSpec,
  opts: ScopeOptions & { profile?: string; dryRun?: boolean; remove?: string[] } = {},
): Promise<ConnectResult> {
  // What would be written, with a placeholder key: ChatGPT (no file) and --dry-run stop here.
  const preview = (
    file: string | undefined,
    placeholder: string,
    place: { scope: ClientScope; project: string | undefined },
    keyName: string,
    extra: string[],
  ): ConnectResult => {
    const target = deps.target(placeholder, opts.profile);
    return {
      client: spec.id,
      file,
      ...place,
      entry: spec.entry(target),
      dryRun: true,
      backup: undefined,
      keyName,
      notes: [...extra, ...(spec.notes?.(target) ?? [])],
    };
  };
  if (spec.format === 'none') {
    const place = { scope: opts.scope ?? 'user', project: undefined };
    return preview(undefined, `<key: mcp key create --name ${spec.id}>`, place, spec.id, []);
  }
  const place = entryPlace(spec, deps.env, opts);
  const { file } = place;
  const extra = place.note ? [place.note] : [];
  const before = (await readText(file)) ?? '';
  parseFile(spec, before, file); // refuse a broken file before anything else happens
  const state = await deps.state.load();
  const previous = findRecord(state, spec.id, file);
  const others = recordsOf(state, spec.id).filter((r) => r.file !== file);
  const keyName = keyNameFor(spec, deps.env, place, others);
  if (opts.dryRun) return preview(file, '<new key, created on connect>', place, keyName, extra);
  // Key names are unique among active keys: this entry's previous key goes first (a reconnect rotates it).
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
    scope: place.scope,
    project: place.project,
    hash: contentHash(text),
    serversHash: serversHash(serversIn(spec, text, file)),
    keyId: created.id,
    keyName,
    profile: opts.profile,
    writtenAt: new Date().toISOString(),
    backups: [...(previous?.backups ?? []), ...(backup ? [backup] : [])],
  };
  putRecord(state, spec.id, record);
  await deps.state.save(state);
  return {
    client: spec.id,
    file,
    scope: place.scope,
    project: place.project,
    entry: spec.entry(target),
    dryRun: false,
    backup,
    keyName,
    notes: [...extra, ...(spec.notes?.(target) ?? [])],
  };
}

/**
 * Removes the gateway entry from a client's config at one scope (default user) and revokes that entry's
 * key; the client's entries at other scopes, and their keys, stay as they are.
 */
export async function disconnectClient(
  deps: ClientDeps,
  spec: ClientSpec,
  opts: ScopeOptions = {},
): Promise<DisconnectResult> {
  const place = entryPlace(spec, deps.env, opts);
  const { file } = place;
  const state = await deps.state.load();
  const record = findRecord(state, spec.id, file);
  const before = await readText(file);
  let backup: ClientBackup | undefined;
  let removed = false;
  if (before !== undefined && ENTRY_NAME in serversIn(spec, before, file)) {
    backup = await writeClientFile(deps, spec, file, withoutEntries(spec, before, file, [ENTRY_NAME]));
    removed = true;
  }
  const revoked = !!record?.keyId;
  if (record?.keyId) await deps.revokeKey(record.keyId).catch(() => undefined);
  if (record) {
    // Backups stay restorable after a disconnect.
    putRecord(state, spec.id, {
      ...record,
      keyId: undefined,
      hash: '',
      serversHash: undefined,
      backups: [...record.backups, ...(backup ? [backup] : [])],
    });
    await deps.state.save(state);
  }
  return {
    client: spec.id,
    file,
    scope: record?.scope ?? place.scope,
    project: record?.project ?? place.project,
    removed,
    revoked,
    backup,
  };
}

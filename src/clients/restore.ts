/**
 * Putting a backup of a client file back: the backups of one entry (scope), or any of the client's backups
 * by id. The current file is backed up first; keys in the restored file that no longer open the gateway are
 * warned about.
 * @module
 */
import fs from 'node:fs/promises';

import { keysIn } from '../auth/api-keys.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { serversIn } from './config-file.js';
import { entryPlace, writeClientFile, type ClientDeps, type ScopeOptions } from './deps.js';
import { contentHash, findRecord, putRecord, recordsOf, serversHash, type ClientBackup } from './state.js';
import type { ClientSpec } from './types.js';

/** Warnings for the API keys a restored client file holds that no longer open the gateway. */
async function keyWarnings(
  deps: ClientDeps,
  spec: ClientSpec,
  text: string,
  scopeFlag: string,
): Promise<string[]> {
  if (!deps.keyState) return [];
  const warnings: string[] = [];
  for (const key of keysIn(text)) {
    const state = await deps.keyState(key);
    if (state === 'active') continue;
    warnings.push(
      `the restored file holds an API key that ${state === 'revoked' ? 'was revoked since (a later connect rotates the key)' : 'this platform does not know'}: ${spec.label} will get 401 from the gateway; run \`mcp client connect ${spec.id}${scopeFlag}\` to give it a working key`,
    );
  }
  return warnings;
}

/** The outcome of a restore. */
export interface RestoreResult {
  client: string;
  file: string;
  restored: ClientBackup;
  backup: ClientBackup | undefined;
  warnings: string[];
}

/**
 * Puts a backup of a client's file back (the current file is backed up first): `backupId` among all the
 * client's backups, or else the latest backup of the entry at `opts` (default: the user scope). `warnings`
 * name API keys in the restored file that were revoked since or are unknown here (the file is restored all
 * the same).
 */
export async function restoreClient(
  deps: ClientDeps,
  spec: ClientSpec,
  backupId?: string,
  opts: ScopeOptions = {},
): Promise<RestoreResult> {
  const state = await deps.state.load();
  const records = recordsOf(state, spec.id);
  let chosen: ClientBackup | undefined;
  if (backupId) {
    chosen = records.flatMap((r) => r.backups).find((b) => b.id === backupId);
  } else if (spec.format !== 'none') {
    chosen = findRecord(state, spec.id, entryPlace(spec, deps.env, opts).file)?.backups.at(-1);
  }
  const record = chosen && records.find((r) => r.backups.includes(chosen));
  if (!chosen || !record) {
    throw new PlatformError(
      PlatformErrorCode.BackupNotFound,
      backupId
        ? `no backup "${backupId}" of ${spec.label}`
        : `no backups of ${spec.label} at ${opts.scope ?? 'user'} scope`,
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
  // The record of the file written (a backup's file is the record's own in all but old state files).
  const target = findRecord(state, spec.id, chosen.of) ?? {
    ...record,
    file: chosen.of,
    keyId: undefined,
    keyName: undefined,
    backups: [],
  };
  putRecord(state, spec.id, {
    ...target,
    hash: contentHash(text),
    serversHash: restoredServers,
    writtenAt: new Date().toISOString(),
    backups: [...target.backups, ...(backup ? [backup] : [])],
  });
  await deps.state.save(state);
  const flag = target.scope === 'project' ? ' --scope project' : '';
  const warnings = await keyWarnings(deps, spec, text, flag);
  return { client: spec.id, file: chosen.of, restored: chosen, backup, warnings };
}

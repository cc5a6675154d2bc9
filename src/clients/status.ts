/**
 * The status of each client entry: one row per connected scope of a client (its user file, and the project
 * file of each project it was connected in), and the user file of a client that has none.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { serversIn } from './config-file.js';
import { readText, type ClientDeps } from './deps.js';
import { allClients } from './registry.js';
import { contentHash, recordsOf, serversHash, type ClientRecord } from './state.js';
import { ENTRY_NAME, type ClientScope, type ClientSpec } from './types.js';

/** The state of one client file. */
export interface ClientStatus {
  client: string;
  label: string;
  scope: ClientScope;
  /** The project directory, for project scope (unknown for records written before version 2). */
  project: string | undefined;
  file: string | undefined;
  installed: boolean;
  /**
   * connected: our entry is there and the file's servers are as we wrote them; modified: they were edited
   * since (changes elsewhere in the file do not count); ...
   */
  status:
    'connected' | 'modified' | 'entry-removed' | 'file-missing' | 'not-connected' | 'no-file' | 'invalid';
  /** The name of the entry's key, while connected. */
  keyName: string | undefined;
  /** Servers in the file other than the gateway's entry (candidates for import). */
  others: string[];
  backups: number;
}

/** The records a status is shown for: the connected ones, and the user-scope one (there always is a user row). */
function shownRecords(records: ClientRecord[]): Array<ClientRecord | undefined> {
  const user = records.filter((r) => r.scope === 'user');
  const shown: Array<ClientRecord | undefined> = user.filter((r) => r.hash);
  if (!shown.length) shown.push(user.at(-1));
  const projects = records.filter((r) => r.scope === 'project' && r.hash);
  return [...shown, ...projects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))];
}

async function statusOf(
  deps: ClientDeps,
  spec: ClientSpec,
  record: ClientRecord | undefined,
): Promise<ClientStatus> {
  const file = record?.file ?? spec.path(deps.env, 'user');
  const base = {
    client: spec.id,
    label: spec.label,
    scope: record?.scope ?? 'user',
    project: record?.project,
    file,
    keyName: record?.keyId ? record.keyName : undefined,
    backups: record?.backups.length ?? 0,
  };
  if (!file) return { ...base, installed: false, status: 'no-file', others: [] };
  const userFile = spec.path(deps.env, 'user') ?? file;
  const marker = spec.installedAt?.(deps.env) ?? path.dirname(userFile);
  const installed = await fs.stat(marker).then(
    () => true,
    () => false,
  );
  const text = await readText(file);
  if (text === undefined)
    return { ...base, installed, status: record?.hash ? 'file-missing' : 'not-connected', others: [] };
  let servers: Record<string, unknown> = {};
  try {
    servers = serversIn(spec, text, file);
  } catch {
    return { ...base, installed, status: 'invalid', others: [] };
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
  return { ...base, installed, status, others };
}

/** The status of every known client: its user-scope entry, then each connected project-scope entry. */
export async function clientStatuses(deps: ClientDeps): Promise<ClientStatus[]> {
  const state = await deps.state.load();
  const out: ClientStatus[] = [];
  for (const spec of allClients()) {
    for (const record of shownRecords(recordsOf(state, spec.id)))
      out.push(await statusOf(deps, spec, record));
  }
  return out;
}

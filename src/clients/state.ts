/**
 * What MCP Platform remembers about the client files it wrote: one record per file (a client's user file,
 * and the project file of each project it was connected in), each with hashes of what was written (to
 * notice hand edits), the id of that entry's own key, and the backups taken before each write. Kept in
 * `MCP_HOME/clients.json`; backups under `MCP_HOME/backups/clients/<client>/`.
 * @module
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-write.js';

/** One backup of a client file. */
export interface ClientBackup {
  /** `<timestamp>` id, unique per client. */
  id: string;
  /** Absolute path of the copy. */
  file: string;
  /** The file it is a copy of. */
  of: string;
  at: string;
}

/** What is known of one client file (one scope of a client; for project scope, one project). */
export interface ClientRecord {
  /** The file: what identifies the record among the client's records. */
  file: string;
  scope: 'user' | 'project';
  /** The project directory, for project scope (records written before version 2 do not have it). */
  project?: string | undefined;
  /** SHA-256 of the file as last written by MCP Platform. */
  hash: string;
  /**
   * SHA-256 of the canonical JSON of the file's servers object as last written: what `status` compares, so
   * a client rewriting its own file (Claude Code and Gemini CLI keep their state and settings there) is not
   * taken for a hand edit. Records written before it have only `hash`.
   */
  serversHash?: string | undefined;
  /** The id of this entry's key (unset once disconnected). */
  keyId?: string | undefined;
  /** The name of that key (unique among active keys). */
  keyName?: string | undefined;
  profile?: string | undefined;
  writtenAt: string;
  backups: ClientBackup[];
}

/** The state file: the records of each client, by client id. */
export interface ClientsState {
  version: 2;
  clients: Record<string, ClientRecord[]>;
}

/**
 * The state as read from any version of the file. Before version 2 a client had a single record, whatever
 * its scope: it becomes the one record of that client, at the scope it recorded (user when it names none),
 * its key still named after the client.
 */
export function migrateState(parsed: unknown): ClientsState {
  const raw = (parsed as { clients?: Record<string, unknown> } | null)?.clients ?? {};
  const clients: Record<string, ClientRecord[]> = {};
  for (const [client, value] of Object.entries(raw)) {
    if (Array.isArray(value)) clients[client] = value as ClientRecord[];
    else if (value && typeof value === 'object') {
      const old = value as ClientRecord;
      clients[client] = [
        {
          ...old,
          scope: old.scope === 'project' ? 'project' : 'user',
          keyName: old.keyName ?? (old.keyId ? client : undefined),
          backups: old.backups ?? [],
        },
      ];
    }
  }
  return { version: 2, clients };
}

/** The records of a client (empty when it has none). */
export function recordsOf(state: ClientsState, client: string): ClientRecord[] {
  return state.clients[client] ?? [];
}

/** The record of a client's file. */
export function findRecord(state: ClientsState, client: string, file: string): ClientRecord | undefined {
  return recordsOf(state, client).find((r) => r.file === file);
}

/** Sets the record of its file (replacing the one there was), leaving the client's other records alone. */
export function putRecord(state: ClientsState, client: string, record: ClientRecord): void {
  const others = recordsOf(state, client).filter((r) => r.file !== record.file);
  state.clients[client] = [...others, record];
}

/** SHA-256 (hex) of file contents. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every level: the same value gives the same text, however it is laid out. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of a servers object, independent of key order and formatting. */
export function serversHash(servers: Record<string, unknown>): string {
  return contentHash(canonicalJson(servers));
}

/** Reads and writes the state and backups of one home. */
export class ClientState {
  constructor(
    private readonly home: string,
    private readonly backupsDir: string,
  ) {}

  private get file(): string {
    return path.join(this.home, 'clients.json');
  }

  async load(): Promise<ClientsState> {
    try {
      return migrateState(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 2, clients: {} };
      throw err;
    }
  }

  async save(state: ClientsState): Promise<void> {
    await fs.mkdir(this.home, { recursive: true });
    const text = JSON.stringify({ ...state, version: 2 }, null, 2);
    await writeFileAtomic(this.file, `${text}\n`, { mode: 0o600 });
  }

  /** Copies `file` (when it exists) into the client's backup folder; returns the backup, if one was made. */
  async backup(client: string, file: string): Promise<ClientBackup | undefined> {
    const text = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (text === undefined) return undefined;
    const dir = path.join(this.backupsDir, 'clients', client);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const at = new Date();
    let id = at.toISOString().replace(/[:.]/g, '-');
    // Unique among the client's backups, whichever of its files they are copies of.
    const names = await fs.readdir(dir);
    while (names.some((n) => n.startsWith(`${id}-`))) id += '-1';
    const copy = path.join(dir, `${id}-${path.basename(file)}`);
    await writeFileAtomic(copy, text, { mode: 0o600 });
    return { id, file: copy, of: file, at: at.toISOString() };
  }
}

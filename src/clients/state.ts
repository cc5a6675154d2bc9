/**
 * What MCP Platform remembers about the client files it wrote: the file, hashes of what it wrote (to notice
 * hand edits), the id of the client's key, and the backups taken before each write. Kept in
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

/** What is known of one client. */
export interface ClientRecord {
  file: string;
  scope: 'user' | 'project';
  /** SHA-256 of the file as last written by MCP Platform. */
  hash: string;
  /**
   * SHA-256 of the canonical JSON of the file's servers object as last written: what `status` compares, so
   * a client rewriting its own file (Claude Code and Gemini CLI keep their state and settings there) is not
   * taken for a hand edit. Records written before it have only `hash`.
   */
  serversHash?: string | undefined;
  keyId?: string | undefined;
  profile?: string | undefined;
  writtenAt: string;
  backups: ClientBackup[];
}

/** The state file. */
export interface ClientsState {
  clients: Record<string, ClientRecord>;
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
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as ClientsState;
      return { clients: parsed.clients ?? {} };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { clients: {} };
      throw err;
    }
  }

  async save(state: ClientsState): Promise<void> {
    await fs.mkdir(this.home, { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
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
    while (
      await fs.stat(path.join(dir, `${id}-${path.basename(file)}`)).then(
        () => true,
        () => false,
      )
    )
      id += '-1';
    const copy = path.join(dir, `${id}-${path.basename(file)}`);
    await writeFileAtomic(copy, text, { mode: 0o600 });
    return { id, file: copy, of: file, at: at.toISOString() };
  }
}

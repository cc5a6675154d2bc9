/**
 * What MCP Platform remembers about the client files it wrote: the file, a hash of what it wrote (to notice
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

/**
 * The secret store: one file per secret under `MCP_HOME/secrets`, mode 0600, never printed or logged.
 * Config values reference secrets as `${secret:NAME}`.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';

import { writeFileAtomic } from './atomic-write.js';

/** Secret names: letters, digits, `_`, `-` and `.`, 1-64 characters. */
export const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** File-backed secret store. */
export class SecretStore {
  constructor(private readonly dir: string) {}

  /** Stores a secret (replacing any previous value). */
  async set(name: string, value: string): Promise<void> {
    this.check(name);
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(path.join(this.dir, name), value, { mode: 0o600 });
  }

  /** Reads a secret; throws SecretNotFound when missing. */
  async get(name: string): Promise<string> {
    this.check(name);
    try {
      return await fs.readFile(path.join(this.dir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PlatformError(
          PlatformErrorCode.SecretNotFound,
          `no secret named "${name}"`,
          { name },
          {
            hint: `set it with \`mcp secret set ${name}\``,
          },
        );
      }
      throw err;
    }
  }

  /** Names of the stored secrets, sorted. */
  async list(): Promise<string[]> {
    const entries = await fs.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile() && SECRET_NAME.test(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** Deletes a secret; throws SecretNotFound when missing. */
  async remove(name: string): Promise<void> {
    this.check(name);
    await fs.rm(path.join(this.dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        throw new PlatformError(PlatformErrorCode.SecretNotFound, `no secret named "${name}"`, { name });
      }
      throw err;
    });
  }

  private check(name: string): void {
    if (!SECRET_NAME.test(name)) {
      throw new PlatformError(
        PlatformErrorCode.InvalidName,
        `invalid secret name "${name}"`,
        { name },
        {
          hint: 'use letters, digits, "_", "-" or ".", up to 64 characters',
        },
      );
    }
  }
}

/**
 * The secret store: one file per secret under `MCP_HOME/secrets`, mode 0600, each value sealed with
 * AES-256-GCM under the home's master key (see `security/master-key.ts`), never printed or logged. Config
 * values reference secrets as `${secret:NAME}`. Plaintext files of older homes are sealed on first read.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { PlatformError, PlatformErrorCode } from '../errors.js';
import { resolveMasterKey, type Keyring, type MasterKey } from '../security/master-key.js';
import { isSealed, open, seal } from '../security/sealed.js';

import { writeFileAtomic } from './atomic-write.js';
import { lookupEnvVar } from './env.js';

/** Secret names: letters, digits, `_`, `-` and `.`, 1-64 characters. */
export const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Options of {@link SecretStore}. */
export interface SecretStoreOptions {
  /** The platform home (master key file, keyring account). Default: the secrets folder's parent. */
  home?: string;
  /** `MCP_MASTER_KEY`. Default: read from the environment. */
  envKey?: string | undefined;
  /** The keyring to try (`null`: none). Default: the OS keyring when one answers. */
  keyring?: Keyring | null;
}

interface KeyInfo {
  source: string;
  fingerprint: string;
}

/** `****` and the last four characters (all masked when shorter than 12). */
export function maskSecret(value: string): string {
  return value.length >= 12 ? `****${value.slice(-4)}` : '****';
}

/** File-backed, encrypted secret store. */
export class SecretStore {
  private master: Promise<MasterKey> | undefined;

  constructor(
    private readonly dir: string,
    private readonly o: SecretStoreOptions = {},
  ) {}

  /** Stores a secret (replacing any previous value). */
  async set(name: string, value: string): Promise<void> {
    this.check(name);
    const key = await this.key();
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(path.join(this.dir, name), seal(key.key, name, value), { mode: 0o600 });
  }

  /** Reads a secret; throws `SECRET_NOT_FOUND` when missing, `SECRET_KEY_UNAVAILABLE` with the wrong key. */
  async get(name: string): Promise<string> {
    this.check(name);
    let text: string;
    try {
      text = await fs.readFile(path.join(this.dir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PlatformError(
          PlatformErrorCode.SecretNotFound,
          `no secret named "${name}"`,
          { name },
          { hint: `set it with \`mcp secret set ${name}\`` },
        );
      }
      throw err;
    }
    const key = await this.key();
    if (!isSealed(text)) {
      // A plaintext secret of an older home: seal it now.
      await writeFileAtomic(path.join(this.dir, name), seal(key.key, name, text), { mode: 0o600 });
      return text;
    }
    try {
      return open(key.key, name, text);
    } catch {
      const info = await this.keyInfo();
      throw new PlatformError(
        PlatformErrorCode.SecretKeyUnavailable,
        info && info.fingerprint !== key.fingerprint
          ? `secret "${name}" was sealed with another master key (${info.source}, fingerprint ${info.fingerprint}); the key at hand is ${key.source}, ${key.fingerprint}`
          : `secret "${name}" cannot be opened with the master key (${key.source}); it may be damaged`,
        { name, source: key.source, fingerprint: key.fingerprint },
        {
          hint: 'set MCP_MASTER_KEY to the key that sealed the secrets, or restore master.key from a backup; `mcp secret set` replaces a lost value',
        },
      );
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

  /** Deletes a secret; throws `SECRET_NOT_FOUND` when missing. */
  async remove(name: string): Promise<void> {
    this.check(name);
    await fs.rm(path.join(this.dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        throw new PlatformError(PlatformErrorCode.SecretNotFound, `no secret named "${name}"`, { name });
      }
      throw err;
    });
  }

  /** Where the master key comes from and its fingerprint (never the key). */
  async keyDescription(): Promise<{ source: string; fingerprint: string }> {
    const { source, fingerprint } = await this.key();
    return { source, fingerprint };
  }

  private key(): Promise<MasterKey> {
    this.master ??= (async () => {
      const key = await resolveMasterKey({
        home: this.o.home ?? path.dirname(this.dir),
        keyFile: path.join(this.dir, '.master.key'),
        envKey: 'envKey' in this.o ? this.o.envKey : lookupEnvVar('MCP_MASTER_KEY'),
        ...(this.o.keyring !== undefined ? { keyring: this.o.keyring } : {}),
      });
      if (!(await this.keyInfo())) {
        await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
        const info: KeyInfo = { source: key.source, fingerprint: key.fingerprint };
        await writeFileAtomic(path.join(this.dir, '.key.json'), `${JSON.stringify(info)}\n`, { mode: 0o600 });
      }
      return key;
    })();
    return this.master;
  }

  private async keyInfo(): Promise<KeyInfo | undefined> {
    return fs
      .readFile(path.join(this.dir, '.key.json'), 'utf8')
      .then((t) => JSON.parse(t) as KeyInfo)
      .catch(() => undefined);
  }

  private check(name: string): void {
    if (!SECRET_NAME.test(name)) {
      throw new PlatformError(
        PlatformErrorCode.InvalidName,
        `invalid secret name "${name}"`,
        { name },
        { hint: 'use letters, digits, "_", "-" or ".", up to 64 characters' },
      );
    }
  }
}

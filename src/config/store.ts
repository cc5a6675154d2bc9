/**
 * Reading and writing config.yaml: validated on every read, locked, migrated, backed up and written
 * atomically on every write. An invalid file is never overwritten.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import type { Document } from 'yaml';

import { PlatformError, PlatformErrorCode } from '../errors.js';

import { writeFileAtomic } from './atomic-write.js';
import { describeIssues, parseYaml, syncDocument } from './document.js';
import { withLock } from './lock.js';
import { migrateConfig } from './migrations.js';
import type { HomePaths } from './paths.js';
import { CONFIG_VERSION, configSchema, defaultConfig, type PlatformConfig } from './schema.js';

/** The raw (as written) document and its validated view. */
export interface LoadedConfig {
  /** Validated config with defaults filled in. */
  config: PlatformConfig;
  /** The plain data as the file holds it (after migration), for edits that keep the file minimal. */
  raw: Record<string, unknown>;
  /** Migration steps applied in memory (written back on the next save). */
  migrated: string[];
  /** Whether the file exists (false: defaults). */
  exists: boolean;
}

const FIX_HINT =
  'fix it by hand (mcp config edit) or restore a backup (mcp backup list, mcp backup restore <id>)';
const CHANGE_HINT = 'check the value against docs/config.md (or `mcp config schema`)';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads, validates and writes config.yaml under one home. */
export class ConfigStore {
  constructor(readonly paths: HomePaths) {}

  /** The config file path. */
  get file(): string {
    return this.paths.config;
  }

  /** Loads and validates config.yaml; a missing file yields the defaults. Throws ConfigInvalid. */
  async load(): Promise<LoadedConfig> {
    const { loaded } = await this.read();
    return loaded;
  }

  /** Validates raw data as a full config; throws ConfigInvalid naming the file and the paths. */
  validate(raw: Record<string, unknown>, source?: { doc: Document; text: string }): PlatformConfig {
    const result = configSchema.safeParse(raw);
    if (!result.success) {
      const problems = describeIssues(result.error.issues, source);
      throw new PlatformError(
        PlatformErrorCode.ConfigInvalid,
        `${this.file} is invalid: ${problems.join('; ')}`,
        { file: this.file, issues: problems },
        { hint: FIX_HINT },
      );
    }
    return result.data;
  }

  /** Validates the result of an edit to a valid file: the problems are the edit's, and nothing is written. */
  private validateChange(raw: Record<string, unknown>): void {
    const result = configSchema.safeParse(raw);
    if (result.success) return;
    const problems = describeIssues(result.error.issues);
    throw new PlatformError(
      PlatformErrorCode.ConfigInvalid,
      `the change would make ${this.file} invalid: ${problems.join('; ')}; nothing was written`,
      { file: this.file, issues: problems },
      { hint: CHANGE_HINT },
    );
  }

  /**
   * Applies `mutate` to the raw document under the lock and writes the result, if valid, atomically,
   * keeping the previous file as config.yaml.bak. Comments and key order of untouched parts survive.
   * The mutator may return a value, which `update` returns.
   */
  async update<T>(mutate: (raw: Record<string, unknown>, current: PlatformConfig) => T): Promise<T> {
    await this.ensureHome();
    return withLock(this.paths.home, this.paths.configLock, async () => {
      const { loaded, doc } = await this.read();
      const raw = structuredClone(loaded.raw);
      const result = mutate(raw, loaded.config);
      this.validateChange(raw);
      syncDocument(doc, raw);
      await writeFileAtomic(this.file, doc.toString({ lineWidth: 0 }), {
        backupPath: loaded.exists ? `${this.file}.bak` : undefined,
        mode: 0o600,
      });
      return result;
    });
  }

  /** Replaces the whole file with `text` after validating it (used by `config edit`). */
  async replaceText(text: string): Promise<PlatformConfig> {
    await this.ensureHome();
    return withLock(this.paths.home, this.paths.configLock, async () => {
      const { raw, doc } = this.parseText(text);
      const config = this.validate(migrateOrThrow(raw, this.file).raw, { doc, text });
      await writeFileAtomic(this.file, text, { backupPath: `${this.file}.bak`, mode: 0o600 });
      return config;
    });
  }

  /** Writes a fresh config if none exists. Returns whether it wrote one. */
  async init(schemaRef?: string): Promise<boolean> {
    await this.ensureHome();
    return withLock(this.paths.home, this.paths.configLock, async () => {
      if (await exists(this.file)) return false;
      const { $schema: _s, ...cfg } = defaultConfig();
      const header = [
        ...(schemaRef ? [`# yaml-language-server: $schema=${schemaRef}`] : []),
        '# MCP Platform desired state. Edit by hand or with `mcp config set`, `mcp server add`, ...',
        '# Reference: docs/config.md',
        '',
      ].join('\n');
      const body = parseYaml('').doc;
      syncDocument(body, {
        version: cfg.version,
        servers: {},
        profiles: { default: { servers: [] } },
        activeProfile: 'default',
        gateway: { host: cfg.gateway.host, port: cfg.gateway.port },
      });
      await writeFileAtomic(this.file, header + body.toString({ lineWidth: 0 }), { mode: 0o600 });
      return true;
    });
  }

  /** Creates the home directory tree (mode 0700); throws HomeUnwritable with the path when it cannot. */
  async ensureHome(): Promise<void> {
    const p = this.paths;
    try {
      for (const dir of [p.home, p.secrets, p.logs, p.backups, p.run, p.cache]) {
        await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      }
      await fs.access(p.home, fs.constants.W_OK);
    } catch (err) {
      throw new PlatformError(
        PlatformErrorCode.HomeUnwritable,
        `cannot write the platform home ${p.home}: ${(err as Error).message}`,
        { path: p.home },
        { cause: err, hint: 'set MCP_HOME or --home to a writable directory, or fix its permissions' },
      );
    }
  }

  private async read(): Promise<{ loaded: LoadedConfig; doc: Document }> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new PlatformError(
          PlatformErrorCode.ConfigInvalid,
          `cannot read ${this.file}: ${(err as Error).message}`,
          { file: this.file },
          { cause: err },
        );
      }
      const doc = parseYaml('').doc;
      const raw = {
        version: CONFIG_VERSION,
        profiles: { default: { servers: [] } },
        activeProfile: 'default',
      };
      return { loaded: { config: defaultConfig(), raw, migrated: [], exists: false }, doc };
    }
    const { raw, doc } = this.parseText(text);
    const migration = migrateOrThrow(raw, this.file);
    const config = this.validate(migration.raw, { doc, text });
    return { loaded: { config, raw: migration.raw, migrated: migration.applied, exists: true }, doc };
  }

  private parseText(text: string): { raw: Record<string, unknown>; doc: Document } {
    const { doc, errors } = parseYaml(text);
    if (errors.length > 0) {
      const e = errors[0]!;
      throw new PlatformError(
        PlatformErrorCode.ConfigInvalid,
        `${this.file} is not valid YAML${e.line ? ` (line ${e.line}, column ${e.col})` : ''}: ${yamlReason(e.message)}`,
        { file: this.file, line: e.line, col: e.col },
        { hint: FIX_HINT },
      );
    }
    const raw: unknown = doc.toJS() ?? {};
    if (!isRecord(raw)) {
      throw new PlatformError(
        PlatformErrorCode.ConfigInvalid,
        `${this.file} is invalid: the document must be a mapping (key: value), not ${Array.isArray(raw) ? 'a list' : typeof raw}`,
        { file: this.file },
        { hint: FIX_HINT },
      );
    }
    return { raw, doc };
  }
}

function migrateOrThrow(raw: Record<string, unknown>, file: string): ReturnType<typeof migrateConfig> {
  try {
    return migrateConfig(raw);
  } catch (err) {
    throw new PlatformError(
      PlatformErrorCode.ConfigTooNew,
      `${file}: ${(err as Error).message}`,
      { file, version: raw.version },
      { cause: err, hint: 'upgrade mcp-platform, or restore a backup written by this version' },
    );
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Path of the JSON Schema shipped with the package, for the editor hint in config.yaml. */
export function bundledSchemaPath(packageRoot: string): string {
  return path.join(packageRoot, 'schema', 'config.schema.json');
}

/**
 * The reason of a YAML parse error without the position and excerpt the `yaml` package appends
 * (` at line N, column M:` and the offending lines): the message gives the position once, up front.
 */
export function yamlReason(message: string): string {
  return message.replace(/\s+at line \d+, column \d+:[\s\S]*$/, '').trim();
}

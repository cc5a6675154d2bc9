/**
 * Migrations of config.yaml between format versions. Each step is a pure function on the raw document.
 * @module
 */
import { CONFIG_VERSION } from './schema.js';

/** One step from `from` to `from + 1`. */
export interface ConfigMigration {
  readonly from: number;
  readonly describe: string;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Version 1 (the first preview) called the namespace separator `gateway.namespaceSeparator`, named remote
 * transports `http` and `ws`, and kept `transport` on stdio servers as `stdio`. Version 2 renames them.
 */
const v1ToV2: ConfigMigration = {
  from: 1,
  describe:
    'rename gateway.namespaceSeparator to gateway.separator; transport http/ws to streamable-http/websocket',
  migrate(raw) {
    const out: Record<string, unknown> = { ...raw, version: 2 };
    if (isRecord(raw.gateway)) {
      const { namespaceSeparator, ...rest } = raw.gateway;
      out.gateway = namespaceSeparator === undefined ? rest : { separator: namespaceSeparator, ...rest };
    }
    if (isRecord(raw.servers)) {
      const servers: Record<string, unknown> = {};
      for (const [name, def] of Object.entries(raw.servers)) {
        if (!isRecord(def)) {
          servers[name] = def;
          continue;
        }
        const next: Record<string, unknown> = { ...def };
        if (next.transport === 'stdio') delete next.transport;
        if (next.transport === 'http') next.transport = 'streamable-http';
        if (next.transport === 'ws') next.transport = 'websocket';
        servers[name] = next;
      }
      out.servers = servers;
    }
    return out;
  },
};

/** All migrations, in order. */
export const CONFIG_MIGRATIONS: readonly ConfigMigration[] = [v1ToV2];

/** Result of {@link migrateConfig}. */
export interface MigrationResult {
  raw: Record<string, unknown>;
  from: number;
  applied: string[];
}

/**
 * Brings a raw config up to {@link CONFIG_VERSION}. A missing version counts as 1.
 * Throws a RangeError for a version newer than this build knows.
 */
export function migrateConfig(
  raw: Record<string, unknown>,
  migrations: readonly ConfigMigration[] = CONFIG_MIGRATIONS,
  target = CONFIG_VERSION,
): MigrationResult {
  const from = typeof raw.version === 'number' ? raw.version : 1;
  if (from > target) throw new RangeError(`config version ${from} is newer than supported version ${target}`);
  let current = raw;
  const applied: string[] = [];
  for (let v = from; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new RangeError(`no migration from config version ${v}`);
    current = step.migrate(current);
    applied.push(`${v} -> ${v + 1}: ${step.describe}`);
  }
  return { raw: current, from, applied };
}

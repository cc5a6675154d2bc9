/**
 * {@link Storage} on top of any {@link SqlDriver}: the backends differ only in their driver.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { storageDumpSchema } from './dump-schema.js';
import type { StorageDump } from './dump-schema.js';
import { LATEST_SCHEMA_VERSION, readVersion, runMigrations } from './migrations.js';
import { createRepositories } from './repositories.js';
import type { SqlDriver, SqlValue, Stmt } from './sql-driver.js';
import { TABLES, selectFrom } from './tables.js';
import type { TableSpec } from './tables.js';
import type {
  ApiKeyStore,
  AuditStore,
  KvStore,
  MetricStore,
  Storage,
  StorageBackend,
  ToolCallStore,
  ToolPinStore,
} from './types.js';

/** Rows per INSERT when loading a dump; keeps the placeholder count far below SQLite's limit. */
const ROWS_PER_INSERT = 200;

const TABLE_KEYS = Object.keys(TABLES) as (keyof typeof TABLES)[];

/** Storage backed by a SQL database. Build it with `openStorage()`. */
export class SqlStorage implements Storage {
  readonly apiKeys: ApiKeyStore;
  readonly audit: AuditStore;
  readonly toolCalls: ToolCallStore;
  readonly metrics: MetricStore;
  readonly toolPins: ToolPinStore;
  readonly kv: KvStore;

  constructor(
    private readonly driver: SqlDriver,
    private readonly clock: () => number = Date.now,
  ) {
    const repos = createRepositories(driver, clock);
    this.apiKeys = repos.apiKeys;
    this.audit = repos.audit;
    this.toolCalls = repos.toolCalls;
    this.metrics = repos.metrics;
    this.toolPins = repos.toolPins;
    this.kv = repos.kv;
  }

  /** Which database this is. */
  get backend(): StorageBackend {
    return this.driver.backend;
  }

  migrate(): Promise<number> {
    return runMigrations(this.driver, this.clock);
  }

  currentVersion(): Promise<number> {
    return readVersion(this.driver);
  }

  async dump(): Promise<StorageDump> {
    const takenAt = this.clock();
    const [versionRows, ...tableRows] = await this.driver.snapshot([
      { sql: 'SELECT MAX(version) AS v FROM schema_migrations' },
      ...TABLE_KEYS.map((k) => ({ sql: `${selectFrom(TABLES[k])} ORDER BY ${TABLES[k].orderBy}` })),
    ]);
    const tables = Object.fromEntries(
      TABLE_KEYS.map((k, i) => [k, (tableRows[i] ?? []).map((r) => TABLES[k].decode(r))]),
    ) as StorageDump['tables'];
    const v = versionRows?.[0]?.v;
    return { format: 1, schemaVersion: v === null || v === undefined ? 0 : Number(v), takenAt, tables };
  }

  async load(input: StorageDump): Promise<void> {
    const parsed = storageDumpSchema.safeParse(input);
    if (!parsed.success) {
      throw new PlatformError(
        PlatformErrorCode.InvalidInput,
        `Not a valid storage dump: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`,
        { issues: parsed.error.issues },
      );
    }
    const dump = parsed.data;
    if (dump.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new PlatformError(
        PlatformErrorCode.StorageFailed,
        `The dump is from schema version ${dump.schemaVersion}, newer than this version of the platform knows (${LATEST_SCHEMA_VERSION}); nothing was loaded.`,
        { backend: this.backend, version: dump.schemaVersion },
        { hint: 'Upgrade the platform before loading this dump.' },
      );
    }
    await this.migrate();
    const stmts: Stmt[] = TABLE_KEYS.map((k) => ({ sql: `DELETE FROM ${TABLES[k].table}` }));
    for (const k of TABLE_KEYS) {
      const spec = TABLES[k] as TableSpec<unknown>;
      stmts.push(...bulkInserts(spec, dump.tables[k]));
      if (spec.serialId) stmts.push(...this.driver.afterExplicitIds(spec.table));
    }
    await this.driver.batch(stmts);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function bulkInserts(spec: TableSpec<unknown>, records: readonly unknown[]): Stmt[] {
  const out: Stmt[] = [];
  const row = `(${spec.columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
    const chunk = records.slice(i, i + ROWS_PER_INSERT);
    const args: SqlValue[] = chunk.flatMap((r) => spec.encode(r));
    out.push({
      sql: `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
      args,
    });
  }
  return out;
}

/**
 * The record stores of {@link Storage}, written once against {@link SqlDriver}.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';
import {
  API_KEYS,
  AUDIT_LOG,
  KV,
  TOOL_CALLS,
  TOOL_METRICS,
  TOOL_PINS,
  insertInto,
  selectFrom,
} from './tables.js';
import type {
  ApiKey,
  ApiKeyStore,
  AuditEntry,
  AuditStore,
  KvStore,
  MetricStore,
  Storage,
  ToolCall,
  ToolCallStore,
  ToolPinStore,
} from './types.js';

const DEFAULT_LIMIT = 100;

function limitOf(limit: number | undefined): number {
  const n = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(n) || n < 1) {
    throw new PlatformError(PlatformErrorCode.InvalidInput, `limit must be a positive integer, got ${n}`, {
      limit,
    });
  }
  return n;
}

/** Builds `WHERE a = ? AND b >= ?` from the conditions whose value is defined. */
function where(conds: readonly [string, SqlValue | undefined][]): { sql: string; args: SqlValue[] } {
  const used = conds.filter((c): c is [string, SqlValue] => c[1] !== undefined);
  return {
    sql: used.length === 0 ? '' : ` WHERE ${used.map(([clause]) => clause).join(' AND ')}`,
    args: used.map(([, v]) => v),
  };
}

function apiKeys(db: SqlDriver, clock: () => number): ApiKeyStore {
  return {
    async create(key) {
      const full: ApiKey = { ...key, scopes: [...key.scopes], lastUsedAt: null, revokedAt: null };
      await db.run({ sql: insertInto(API_KEYS), args: API_KEYS.encode(full) });
      return full;
    },
    async list() {
      const rows = await db.all({ sql: `${selectFrom(API_KEYS)} ORDER BY ${API_KEYS.orderBy}` });
      return rows.map(API_KEYS.decode);
    },
    async findByHash(hash) {
      const rows = await db.all({ sql: `${selectFrom(API_KEYS)} WHERE hash = ?`, args: [hash] });
      return rows[0] === undefined ? undefined : API_KEYS.decode(rows[0]);
    },
    async revoke(id, at = clock()) {
      const n = await db.run({
        sql: 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
        args: [at, id],
      });
      return n > 0;
    },
    async touch(id, at) {
      return (await db.run({ sql: 'UPDATE api_keys SET last_used_at = ? WHERE id = ?', args: [at, id] })) > 0;
    },
  };
}

function audit(db: SqlDriver): AuditStore {
  return {
    async append(entry) {
      const rows = await db.all({
        sql: 'INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?) RETURNING id',
        args: [entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.details ?? null)],
      });
      const stored: AuditEntry = { id: Number(rows[0]?.id), ...entry, details: entry.details ?? null };
      return stored;
    },
    async list(query = {}) {
      const w = where([
        ['at >= ?', query.since],
        ['action = ?', query.action],
      ]);
      const rows = await db.all({
        sql: `${selectFrom(AUDIT_LOG)}${w.sql} ORDER BY at DESC, id DESC LIMIT ?`,
        args: [...w.args, limitOf(query.limit)],
      });
      return rows.map(AUDIT_LOG.decode);
    },
  };
}

function toolCalls(db: SqlDriver): ToolCallStore {
  return {
    async record(call) {
      const durationMs = Math.round(call.durationMs);
      const error = call.error ?? null;
      const rows = await db.all({
        sql: `INSERT INTO tool_calls (at, session_id, server, tool, duration_ms, ok, error)
              VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        args: [call.at, call.sessionId, call.server, call.tool, durationMs, call.ok, error],
      });
      const stored: ToolCall = { id: Number(rows[0]?.id), ...call, durationMs, error };
      return stored;
    },
    async list(query = {}) {
      const w = where([
        ['server = ?', query.server],
        ['tool = ?', query.tool],
      ]);
      const rows = await db.all({
        sql: `${selectFrom(TOOL_CALLS)}${w.sql} ORDER BY at DESC, id DESC LIMIT ?`,
        args: [...w.args, limitOf(query.limit)],
      });
      return rows.map(TOOL_CALLS.decode);
    },
  };
}

function metrics(db: SqlDriver): MetricStore {
  return {
    async upsert(d) {
      if (!Number.isInteger(d.bucket) || d.bucket % 60_000 !== 0) {
        throw new PlatformError(
          PlatformErrorCode.InvalidInput,
          `Metric bucket ${d.bucket} is not the start of a minute; pass minuteBucket(at).`,
          { bucket: d.bucket },
        );
      }
      // Qualified with the table name: PostgreSQL finds a bare `calls` ambiguous next to `excluded`.
      await db.run({
        sql: `${insertInto(TOOL_METRICS)}
              ON CONFLICT (bucket, server, tool) DO UPDATE SET
                calls = tool_metrics.calls + excluded.calls,
                errors = tool_metrics.errors + excluded.errors,
                total_ms = tool_metrics.total_ms + excluded.total_ms`,
        args: TOOL_METRICS.encode(d),
      });
    },
    async query(range) {
      const w = where([
        ['bucket >= ?', range.from],
        ['bucket < ?', range.to],
        ['server = ?', range.server],
      ]);
      const rows = await db.all({
        sql: `${selectFrom(TOOL_METRICS)}${w.sql} ORDER BY ${TOOL_METRICS.orderBy}`,
        args: w.args,
      });
      return rows.map(TOOL_METRICS.decode);
    },
  };
}

function toolPins(db: SqlDriver): ToolPinStore {
  return {
    async set(pin) {
      await db.run({
        sql: `${insertInto(TOOL_PINS)} ON CONFLICT (server, tool) DO UPDATE SET hash = excluded.hash, pinned_at = excluded.pinned_at`,
        args: TOOL_PINS.encode(pin),
      });
    },
    async get(server, tool) {
      const rows = await db.all({
        sql: `${selectFrom(TOOL_PINS)} WHERE server = ? AND tool = ?`,
        args: [server, tool],
      });
      return rows[0] === undefined ? undefined : TOOL_PINS.decode(rows[0]);
    },
    async list(server) {
      const w = where([['server = ?', server]]);
      const rows = await db.all({
        sql: `${selectFrom(TOOL_PINS)}${w.sql} ORDER BY ${TOOL_PINS.orderBy}`,
        args: w.args,
      });
      return rows.map(TOOL_PINS.decode);
    },
    async remove(server, tool) {
      const w = where([
        ['server = ?', server],
        ['tool = ?', tool],
      ]);
      return db.run({ sql: `DELETE FROM tool_pins${w.sql}`, args: w.args });
    },
  };
}

function kv(db: SqlDriver): KvStore {
  return {
    async get(key) {
      const rows = await db.all({ sql: `${selectFrom(KV)} WHERE key = ?`, args: [key] });
      return rows[0] === undefined ? undefined : KV.decode(rows[0]).value;
    },
    async set(key, value) {
      await db.run({
        sql: `${insertInto(KV)} ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        args: [key, value],
      });
    },
    async delete(key) {
      return (await db.run({ sql: 'DELETE FROM kv WHERE key = ?', args: [key] })) > 0;
    },
  };
}

/** The six record stores of a {@link Storage}, bound to one driver. */
export type Repositories = Pick<Storage, 'apiKeys' | 'audit' | 'toolCalls' | 'metrics' | 'toolPins' | 'kv'>;

/** Binds every record store to the driver; `clock` supplies defaulted timestamps. */
export function createRepositories(db: SqlDriver, clock: () => number = Date.now): Repositories {
  return {
    apiKeys: apiKeys(db, clock),
    audit: audit(db),
    toolCalls: toolCalls(db),
    metrics: metrics(db),
    toolPins: toolPins(db),
    kv: kv(db),
  };
}

/**
 * How each record type maps to its table: column list, row decoder and argument encoder. The
 * repositories, `dump()` and `load()` all go through these, so a column is spelled out once.
 * @module
 */
import type { Row, SqlValue } from './sql-driver.js';
import type { StorageDump } from './dump-schema.js';
import type { ApiKey, AuditEntry, MetricRollup, ToolCall, ToolPin } from './types.js';

/** One table and its record type. */
export interface TableSpec<T> {
  readonly table: string;
  /** Every column, in the order of {@link TableSpec.encode}'s output. */
  readonly columns: readonly string[];
  /** Stable order for dumps. */
  readonly orderBy: string;
  /** Whether `id` is an auto-assigned integer whose sequence needs care after explicit inserts. */
  readonly serialId: boolean;
  decode(row: Row): T;
  encode(record: T): SqlValue[];
}

/** The `kv` table's record. */
export interface KvEntry {
  readonly key: string;
  readonly value: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));
/** SQLite hands back 0/1, PostgreSQL a boolean. */
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';
/** JSON columns come back as text from both drivers (the PostgreSQL driver turns off JSON parsing). */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** `api_keys`. */
export const API_KEYS: TableSpec<ApiKey> = {
  table: 'api_keys',
  columns: ['id', 'name', 'hash', 'prefix', 'scopes', 'created_at', 'last_used_at', 'revoked_at'],
  orderBy: 'created_at, id',
  serialId: false,
  decode: (r) => ({
    id: str(r.id),
    name: str(r.name),
    hash: str(r.hash),
    prefix: str(r.prefix),
    scopes: json(r.scopes) as string[],
    createdAt: num(r.created_at),
    lastUsedAt: numOrNull(r.last_used_at),
    revokedAt: numOrNull(r.revoked_at),
  }),
  encode: (k) => [
    k.id,
    k.name,
    k.hash,
    k.prefix,
    JSON.stringify(k.scopes),
    k.createdAt,
    k.lastUsedAt,
    k.revokedAt,
  ],
};

/** `audit_log`. */
export const AUDIT_LOG: TableSpec<AuditEntry> = {
  table: 'audit_log',
  columns: ['id', 'at', 'actor', 'action', 'target', 'details'],
  orderBy: 'id',
  serialId: true,
  decode: (r) => ({
    id: num(r.id),
    at: num(r.at),
    actor: str(r.actor),
    action: str(r.action),
    target: str(r.target),
    details: json(r.details),
  }),
  encode: (e) => [e.id, e.at, e.actor, e.action, e.target, JSON.stringify(e.details ?? null)],
};

/** `tool_calls`. */
export const TOOL_CALLS: TableSpec<ToolCall> = {
  table: 'tool_calls',
  columns: ['id', 'at', 'session_id', 'server', 'tool', 'duration_ms', 'ok', 'error'],
  orderBy: 'id',
  serialId: true,
  decode: (r) => ({
    id: num(r.id),
    at: num(r.at),
    sessionId: str(r.session_id),
    server: str(r.server),
    tool: str(r.tool),
    durationMs: num(r.duration_ms),
    ok: bool(r.ok),
    error: strOrNull(r.error),
  }),
  encode: (c) => [c.id, c.at, c.sessionId, c.server, c.tool, Math.round(c.durationMs), c.ok, c.error],
};

/** `tool_metrics`. */
export const TOOL_METRICS: TableSpec<MetricRollup> = {
  table: 'tool_metrics',
  columns: ['bucket', 'server', 'tool', 'calls', 'errors', 'total_ms'],
  orderBy: 'bucket, server, tool',
  serialId: false,
  decode: (r) => ({
    bucket: num(r.bucket),
    server: str(r.server),
    tool: str(r.tool),
    calls: num(r.calls),
    errors: num(r.errors),
    totalMs: num(r.total_ms),
  }),
  encode: (m) => [m.bucket, m.server, m.tool, m.calls, m.errors, Math.round(m.totalMs)],
};

/** `tool_pins`. */
export const TOOL_PINS: TableSpec<ToolPin> = {
  table: 'tool_pins',
  columns: ['server', 'tool', 'hash', 'pinned_at'],
  orderBy: 'server, tool',
  serialId: false,
  decode: (r) => ({
    server: str(r.server),
    tool: str(r.tool),
    hash: str(r.hash),
    pinnedAt: num(r.pinned_at),
  }),
  encode: (p) => [p.server, p.tool, p.hash, p.pinnedAt],
};

/** `kv`. */
export const KV: TableSpec<KvEntry> = {
  table: 'kv',
  columns: ['key', 'value'],
  orderBy: 'key',
  serialId: false,
  decode: (r) => ({ key: str(r.key), value: str(r.value) }),
  encode: (e) => [e.key, e.value],
};

type DumpTables = StorageDump['tables'];

/** Every table, keyed as in {@link StorageDump.tables}. */
export const TABLES: { readonly [K in keyof DumpTables]: TableSpec<DumpTables[K][number]> } = {
  apiKeys: API_KEYS as TableSpec<DumpTables['apiKeys'][number]>,
  audit: AUDIT_LOG as TableSpec<DumpTables['audit'][number]>,
  toolCalls: TOOL_CALLS,
  metrics: TOOL_METRICS,
  toolPins: TOOL_PINS,
  kv: KV,
};

/** `SELECT <columns> FROM <table>`, the start of every read. */
export function selectFrom(spec: TableSpec<unknown>): string {
  return `SELECT ${spec.columns.join(', ')} FROM ${spec.table}`;
}

/** `INSERT INTO <table> (<columns>) VALUES (?, …)`. */
export function insertInto(spec: TableSpec<unknown>): string {
  return `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES (${spec.columns.map(() => '?').join(', ')})`;
}

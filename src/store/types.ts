/**
 * The storage interface for operational state: API keys, audit log, tool-call history, metric rollups,
 * tool pins and small settings. Desired state (servers, profiles) lives in config.yaml, not here.
 *
 * Every timestamp is epoch milliseconds (UTC). Absent values read back as `null`, so records survive a
 * JSON round trip (`dump()` / `load()`) unchanged.
 * @module
 */
import type { StorageDump } from './dump-schema.js';

/** Which database a {@link Storage} talks to. */
export type StorageBackend = 'sqlite' | 'postgres';

/** An API key as stored. Only the hash of the secret is kept; `prefix` is shown to users to tell keys apart. */
export interface ApiKey {
  readonly id: string;
  readonly name: string;
  /** Hash of the full key; unique. */
  readonly hash: string;
  /** The first characters of the key, for display. */
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** What {@link ApiKeyStore.create} needs. */
export type NewApiKey = Pick<ApiKey, 'id' | 'name' | 'hash' | 'prefix' | 'scopes' | 'createdAt'>;

/** API keys. */
export interface ApiKeyStore {
  /** Inserts a key; fails with `StorageFailed` if the id or hash already exists. */
  create(key: NewApiKey): Promise<ApiKey>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKey[]>;
  /** The key with that hash, revoked or not (callers check `revokedAt`), or `undefined`. */
  findByHash(hash: string): Promise<ApiKey | undefined>;
  /** Marks a key revoked at `at` (default: now). Returns false if there is no such key or it was already revoked. */
  revoke(id: string, at?: number): Promise<boolean>;
  /** Records a use of the key. Returns false if there is no such key. */
  touch(id: string, at: number): Promise<boolean>;
}

/** One audit log entry. `id` grows with insertion order. */
export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  /** Who did it: a user name, an API key id, `system`. */
  readonly actor: string;
  /** What was done, dotted: `server.add`, `key.revoke`. */
  readonly action: string;
  /** What it was done to (a server name, a key id); empty when nothing in particular. */
  readonly target: string;
  /** Any JSON value. */
  readonly details: unknown;
}

/** What {@link AuditStore.append} needs. */
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** The append-only audit log. */
export interface AuditStore {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. `since` keeps entries with `at >= since`; `limit` defaults to 100. */
  list(query?: { limit?: number; since?: number; action?: string }): Promise<AuditEntry[]>;
}

/** One finished tool call. */
export interface ToolCall {
  readonly id: number;
  readonly at: number;
  readonly sessionId: string;
  readonly server: string;
  readonly tool: string;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly error: string | null;
}

/** What {@link ToolCallStore.record} needs. */
export type NewToolCall = Omit<ToolCall, 'id' | 'error'> & { readonly error?: string | null };

/** Tool-call history. */
export interface ToolCallStore {
  record(call: NewToolCall): Promise<ToolCall>;
  /** Newest first; `limit` defaults to 100. */
  list(query?: { limit?: number; server?: string; tool?: string }): Promise<ToolCall[]>;
}

/** Per-minute totals for one tool. */
export interface MetricRollup {
  /** Start of the minute, epoch ms; a multiple of 60 000 (see {@link minuteBucket}). */
  readonly bucket: number;
  readonly server: string;
  readonly tool: string;
  readonly calls: number;
  readonly errors: number;
  readonly totalMs: number;
}

/** Metric rollups. */
export interface MetricStore {
  /** Adds the counts to the row for (bucket, server, tool), creating it if needed. */
  upsert(delta: MetricRollup): Promise<void>;
  /** Rows with `from <= bucket < to`, by bucket, then server, then tool. */
  query(range: { from: number; to: number; server?: string }): Promise<MetricRollup[]>;
}

/** The pinned description hash of one tool, to detect tools that change under the user. */
export interface ToolPin {
  readonly server: string;
  readonly tool: string;
  readonly hash: string;
  readonly pinnedAt: number;
}

/** Tool pins. */
export interface ToolPinStore {
  /** Creates or replaces the pin of (server, tool). */
  set(pin: ToolPin): Promise<void>;
  get(server: string, tool: string): Promise<ToolPin | undefined>;
  /** All pins, or those of one server, by server then tool. */
  list(server?: string): Promise<ToolPin[]>;
  /** Removes one pin, or every pin of the server when `tool` is omitted. Returns how many went. */
  remove(server: string, tool?: string): Promise<number>;
}

/** Small settings and metadata as string pairs. */
export interface KvStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Returns false if the key did not exist. */
  delete(key: string): Promise<boolean>;
}

/**
 * Operational state, behind one interface for SQLite and PostgreSQL.
 * @example
 * const storage = await openStorage({ sqlitePath: paths.stateDb });
 * await storage.audit.append({ at: Date.now(), actor: 'cli', action: 'server.add', target: 'github', details: {} });
 * await storage.close();
 */
export interface Storage {
  readonly backend: StorageBackend;
  readonly apiKeys: ApiKeyStore;
  readonly audit: AuditStore;
  readonly toolCalls: ToolCallStore;
  readonly metrics: MetricStore;
  readonly toolPins: ToolPinStore;
  readonly kv: KvStore;
  /** Applies pending migrations, each in its own transaction. Idempotent. Returns the version reached. */
  migrate(): Promise<number>;
  /** The highest applied migration, 0 for an empty database. */
  currentVersion(): Promise<number>;
  /** A consistent snapshot of every table, taken in one read transaction. */
  dump(): Promise<StorageDump>;
  /** Replaces all data with the dump in one transaction. Refuses dumps from a newer schema. */
  load(dump: StorageDump): Promise<void>;
  close(): Promise<void>;
}

/**
 * Floors a timestamp to the start of its minute, the granularity of {@link MetricRollup.bucket}.
 * @example minuteBucket(Date.UTC(2026, 0, 1, 12, 30, 45)) // Date.UTC(2026, 0, 1, 12, 30)
 */
export function minuteBucket(at: number): number {
  return Math.floor(at / 60_000) * 60_000;
}

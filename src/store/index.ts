/**
 * Operational state (API keys, audit log, tool-call history, metrics, tool pins, settings) in SQLite or
 * PostgreSQL behind one {@link Storage} interface.
 * @module
 */
export { openStorage } from './open-storage.js';
export type { OpenStorageOptions } from './open-storage.js';
export { minuteBucket } from './types.js';
export type {
  ApiKey,
  ApiKeyStore,
  AuditEntry,
  AuditStore,
  KvStore,
  MetricRollup,
  MetricStore,
  NewApiKey,
  NewAuditEntry,
  NewToolCall,
  Storage,
  StorageBackend,
  ToolCall,
  ToolCallStore,
  ToolPin,
  ToolPinStore,
} from './types.js';
export { storageDumpSchema } from './dump-schema.js';
export type { StorageDump } from './dump-schema.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
export type { Migration } from './migrations.js';
export { redactUrl } from './redact.js';

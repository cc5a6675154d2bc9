/**
 * The API's answers as the dashboard reads them (the OpenAPI document at /api/v1/openapi.json is the
 * reference).
 * @module
 */

export interface ServerStatus {
  name: string;
  type: 'stdio' | 'remote';
  state: string;
  transport: string;
  pid: number | null;
  uptimeMs: number | null;
  restarts: number;
  cpu: number | null;
  rssBytes: number | null;
  tools: number | null;
  pingMs: number | null;
  lastError: { code?: string; message: string; at?: number } | null;
  nextRestartAt: number | null;
  lastLines: string[];
}

export interface PlatformStatus {
  platform: {
    profile: string;
    version: string;
    startedAt: string | null;
    url: string | null;
    pid: number | null;
  };
  health: string;
  servers: ServerStatus[];
}

export interface ServerRow {
  name: string;
  type: 'stdio' | 'remote';
  enabled: boolean;
  description?: string;
  target: string;
  profiles: string[];
  running: boolean;
  status: ServerStatus | null;
}

export interface Session {
  authenticated: boolean;
  via: 'none' | 'token' | 'key' | 'session';
  name: string | null;
  scopes: string[];
  csrfToken: string | null;
}

export interface MetricPoint {
  t: number;
  calls: number;
  errors: number;
  rate: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface MetricSummary {
  windowSeconds: number;
  stepSeconds: number;
  points: MetricPoint[];
  total: Omit<MetricPoint, 't'>;
  sessions: number;
  servers: { running: number; total: number };
}

export interface GatewaySession {
  id: string;
  client: { name: string; version: string } | null;
  transport: string;
  servers: string[];
  key: string | null;
  openedAt: number;
  lastActive: number;
}

export interface Tool {
  name: string;
  server: string | null;
  originalName: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: Record<string, unknown>;
}

export interface Resource {
  uri: string;
  server: string | null;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  template: boolean;
}

export interface Prompt {
  name: string;
  server: string | null;
  originalName: string;
  title?: string;
  description?: string;
  arguments: { name: string; description?: string; required?: boolean }[];
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  title?: string;
  [key: string]: unknown;
}

export interface CatalogRow {
  id: string;
  name: string;
  title: string | null;
  description: string;
  version: string;
  category: string;
  tags: string[];
  featured: boolean;
  sources: string[];
  origin: string;
}

export interface NeededVar {
  name: string;
  description?: string;
  required: boolean;
  secret: boolean;
  default?: string;
}

export interface InstallReport {
  name: string;
  source: string;
  plan: { commands: string[]; why: string[]; vars: NeededVar[] };
  dryRun: boolean;
  tools: string[];
}

export interface ClientStatus {
  client: string;
  label: string;
  format: string;
  scope: 'user' | 'project';
  project: string | null;
  file: string | null;
  installed: boolean;
  status: string;
  keyName: string | null;
  others: string[];
  backups: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  tools: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

export interface Backup {
  id: string;
  createdAt: string;
  sizeBytes: number;
  reason: string;
  files: number;
  error?: string;
}

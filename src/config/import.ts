/**
 * Import of the common `mcpServers` JSON shape (Claude Desktop, Cursor, Claude Code, Windsurf, Gemini),
 * VS Code's `servers` and Zed's `context_servers` shapes into server definitions.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { uniqueSlug } from './names.js';
import { serverSchema } from './schema.js';

/** The outcome of an import: definitions to add and a human-readable account of every change. */
export interface ImportPlan {
  servers: Record<string, Record<string, unknown>>;
  changes: string[];
  skipped: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const strRecord = (v: unknown): Record<string, string> | undefined => {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = String(val);
  return Object.keys(out).length ? out : undefined;
};

const TRANSPORTS: Record<string, string> = {
  http: 'streamable-http',
  'streamable-http': 'streamable-http',
  streamableHttp: 'streamable-http',
  sse: 'sse',
  ws: 'websocket',
  websocket: 'websocket',
};

/**
 * Turns a parsed client config into definitions. Names are slugified and made unique against `existing`;
 * entries identical to an existing server are skipped.
 */
export function planImport(doc: unknown, existing: Record<string, unknown>): ImportPlan {
  const entries = isRecord(doc)
    ? (doc.mcpServers ?? doc.servers ?? doc.mcp_servers ?? doc.context_servers)
    : undefined;
  if (!isRecord(entries)) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      'no "mcpServers" (or "servers", "context_servers") object found in the file',
      undefined,
      { hint: 'the file should look like {"mcpServers": {"name": {"command": "...", "args": [...]}}}' },
    );
  }
  const taken = new Set(Object.keys(existing));
  const plan: ImportPlan = { servers: {}, changes: [], skipped: [] };
  for (const [label, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) {
      plan.skipped.push(`${label}: not an object`);
      continue;
    }
    const def = toDefinition(entry);
    if (typeof def === 'string') {
      plan.skipped.push(`${label}: ${def}`);
      continue;
    }
    const normalized = serverSchema.safeParse(def);
    const key = JSON.stringify(normalized.success ? normalized.data : def);
    const same = Object.entries(existing).find(([, d]) => {
      const e = serverSchema.safeParse(d);
      return JSON.stringify(e.success ? e.data : d) === key;
    });
    if (same) {
      plan.skipped.push(`${label}: same as existing server "${same[0]}"`);
      continue;
    }
    const name = uniqueSlug(label, taken);
    taken.add(name);
    plan.servers[name] = def;
    if (name !== label) plan.changes.push(`renamed "${label}" to "${name}"`);
  }
  return plan;
}

function toDefinition(raw: Record<string, unknown>): Record<string, unknown> | string {
  // Zed's older settings nest the command: `"command": {"path", "args", "env"}`.
  const nested = isRecord(raw.command) ? raw.command : undefined;
  const entry = nested ? { ...raw, command: nested.path, args: nested.args, env: nested.env } : raw;
  if (entry.source === 'extension')
    return 'a Zed extension (it stays in Zed: its server is installed and configured by the extension)';
  const description = typeof entry.description === 'string' ? { description: entry.description } : {};
  const enabled = entry.disabled === true || entry.enabled === false ? { enabled: false } : {};
  if (typeof entry.command === 'string' && entry.command.length > 0) {
    const args = Array.isArray(entry.args) ? entry.args.map(String) : undefined;
    const env = strRecord(entry.env);
    return {
      command: entry.command,
      ...(args?.length ? { args } : {}),
      ...(env ? { env } : {}),
      ...(typeof entry.cwd === 'string' ? { cwd: entry.cwd } : {}),
      ...description,
      ...enabled,
    };
  }
  const url = [entry.url, entry.serverUrl, entry.httpUrl].find((u) => typeof u === 'string') as
    string | undefined;
  if (url) {
    const declared =
      typeof entry.type === 'string'
        ? entry.type
        : typeof entry.transport === 'string'
          ? entry.transport
          : undefined;
    const transport = declared
      ? TRANSPORTS[declared]
      : typeof entry.httpUrl === 'string'
        ? 'streamable-http'
        : undefined;
    if (declared && !transport) return `unsupported transport "${declared}"`;
    const headers = strRecord(entry.headers);
    return {
      url,
      ...(transport ? { transport } : {}),
      ...(headers ? { headers } : {}),
      ...description,
      ...enabled,
    };
  }
  return 'neither "command" nor "url" given';
}

/**
 * Planning the import of a client's own servers into MCP Platform: every entry but the gateway's, through
 * the same rules as `mcp config import` (names slugified, duplicates skipped), with credentials split off
 * into secrets.
 * @module
 */
import { planImport } from '../config/import.js';

import { serversIn } from './config-file.js';
import { splitSecrets } from './import-secrets.js';
import { ENTRY_NAME, type ClientSpec } from './types.js';

/** What importing a client's servers would do. */
export interface ClientImportPlan {
  /** New server definitions by name, with secret references in place of credentials. */
  servers: Record<string, Record<string, unknown>>;
  /** Secret name -> value, to store before the definitions are added. */
  secrets: Record<string, string>;
  changes: string[];
  skipped: string[];
  /** Entries of the client file that are now served by the platform (removed by `--replace`). */
  covered: string[];
}

/** Plans the import of the servers in `text` (a client's config) against the existing definitions. */
export function planClientImport(
  spec: ClientSpec,
  text: string,
  file: string,
  existing: Record<string, unknown>,
): ClientImportPlan {
  const entries = Object.fromEntries(
    Object.entries(serversIn(spec, text, file)).filter(([n]) => n !== ENTRY_NAME),
  );
  if (Object.keys(entries).length === 0)
    return { servers: {}, secrets: {}, changes: [], skipped: [], covered: [] };
  const plan = planImport({ mcpServers: entries }, existing);
  const servers: Record<string, Record<string, unknown>> = {};
  const secrets: Record<string, string> = {};
  for (const [name, def] of Object.entries(plan.servers)) {
    const split = splitSecrets(name, def);
    servers[name] = split.def;
    Object.assign(secrets, split.secrets);
    for (const s of Object.keys(split.secrets))
      plan.changes.push(`moved a credential of "${name}" into secret ${s}`);
  }
  const failed = (label: string): boolean =>
    plan.skipped.some((s) => s.startsWith(`${label}: `) && !s.includes('same as existing server'));
  return {
    servers,
    secrets,
    changes: plan.changes,
    skipped: plan.skipped,
    covered: Object.keys(entries).filter((l) => !failed(l)),
  };
}

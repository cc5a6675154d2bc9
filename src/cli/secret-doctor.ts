/**
 * `mcp secret doctor`: every `${secret:NAME}` that config.yaml references, checked against the store.
 * @module
 */
import type { CliContext } from './context.js';

/** One referenced secret that will not resolve. */
export interface SecretProblem {
  server: string;
  secret: string;
  problem: 'is missing' | 'cannot be opened with the master key';
}

/** The report of `mcp secret doctor`. */
export interface SecretReport {
  key: { source: string; fingerprint: string };
  /** Secret name -> the servers that reference it. */
  references: Record<string, string[]>;
  problems: SecretProblem[];
}

const REFERENCE = /\$\{secret:([^}]+)\}/g;

/** Checks every secret reference of the config. */
export async function secretDoctor(ctx: CliContext): Promise<SecretReport> {
  const { SecretStore } = await import('../config/secrets.js');
  const { PlatformErrorCode, isPlatformError } = await import('../errors.js');
  const { config } = await (await ctx.config()).load();
  const store = new SecretStore(ctx.paths.secrets);
  const references: Record<string, string[]> = {};
  for (const [server, def] of Object.entries(config.servers)) {
    for (const m of JSON.stringify(def).matchAll(REFERENCE)) (references[m[1]!] ??= []).push(server);
  }
  const problems: SecretProblem[] = [];
  for (const [secret, servers] of Object.entries(references)) {
    const problem = await store.get(secret).then(
      () => undefined,
      (err: unknown) =>
        isPlatformError(err) && err.code === PlatformErrorCode.SecretNotFound
          ? ('is missing' as const)
          : ('cannot be opened with the master key' as const),
    );
    if (problem) for (const server of new Set(servers)) problems.push({ server, secret, problem });
  }
  return { key: await store.keyDescription(), references, problems };
}

/**
 * The variables of an install: collected from `--env`, defaults and a terminal before anything changes, then
 * written into the definition (env, or headers for a remote) with secret ones stored in the secret store
 * and referenced as `${secret:NAME}`.
 * @module
 */
import { UsageError } from '../errors.js';

import type { InstallDeps, InstallOptions } from './flow.js';
import type { InstallPlan } from './plan.js';

/** Collects the variables: given, defaulted, asked on a terminal; a missing required one stops the install. */
export async function collectVars(
  deps: InstallDeps,
  plan: InstallPlan,
  opts: InstallOptions,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const v of plan.vars) {
    let value = opts.env[v.name] ?? v.default;
    if (value === undefined && v.required && deps.ask && !opts.dryRun) {
      value =
        (await deps.ask(`${v.name}${v.description ? ` (${v.description})` : ''}: `)).trim() || undefined;
    }
    if (value !== undefined) values[v.name] = value;
    else if (v.required) missing.push(v.name);
  }
  if (missing.length && !opts.dryRun) {
    throw new UsageError(
      `missing required variables: ${missing.join(', ')}`,
      `pass them with ${missing.map((m) => `--env ${m}=...`).join(' ')}`,
    );
  }
  return values;
}

/** Adds the variables to a definition: env (or headers for a remote), secret ones as store references. */
export async function withVars(
  deps: InstallDeps,
  name: string,
  base: Record<string, unknown>,
  plan: InstallPlan,
  values: Record<string, string>,
  storedSecrets: string[],
): Promise<Record<string, unknown>> {
  const env: Record<string, string> = { ...((base.env as Record<string, string> | undefined) ?? {}) };
  const headers: Record<string, string> = {};
  const isRemote = typeof base.url === 'string';
  for (const v of plan.vars) {
    const value = values[v.name];
    if (value === undefined) continue;
    let stored = value;
    if (v.secret) {
      const secret = `${name}_${v.name}`.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
      stored = `\${secret:${secret}}`;
      await deps.setSecret(secret, value);
      storedSecrets.push(secret);
    }
    (isRemote ? headers : env)[v.name] = stored;
  }
  const { env: _env, ...rest } = base;
  return {
    ...rest,
    ...(Object.keys(env).length ? { env } : {}),
    ...(isRemote && Object.keys(headers).length ? { headers } : {}),
  };
}

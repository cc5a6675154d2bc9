/**
 * The environment of a server process: the SDK's safe allowlist plus the server's declared variables, nothing else.
 * @module
 */
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

import { resolveRecord, type TemplateResolvers } from '../config/template.js';
import { PlatformErrorCode, errorMessage } from '../errors.js';

import { NonRetryableRuntimeError } from './errors.js';

/**
 * Builds a server's environment: `base` (default: `getDefaultEnvironment()`, i.e. HOME, LOGNAME, PATH, SHELL,
 * TERM, USER) overlaid with `declared`, whose `${ENV}` and `${secret:NAME}` references are resolved. The
 * platform's own environment (API keys, database URLs) never leaks into a server unless declared.
 * Throws `ENV_UNRESOLVED` when a reference cannot be resolved.
 * @example await buildChildEnv({ TOKEN: '${secret:gh}' }, resolvers) // { PATH: '...', ..., TOKEN: 'ghp_...' }
 */
export async function buildChildEnv(
  declared: Record<string, string>,
  resolvers: TemplateResolvers,
  base: Record<string, string> = getDefaultEnvironment(),
): Promise<Record<string, string>> {
  try {
    return { ...base, ...(await resolveRecord(declared, resolvers)) };
  } catch (err) {
    const hint = (err as { hint?: unknown }).hint;
    throw new NonRetryableRuntimeError(
      PlatformErrorCode.EnvUnresolved,
      `cannot resolve the server's env: ${errorMessage(err)}`,
      { cause: errorMessage(err) },
      { cause: err, ...(typeof hint === 'string' ? { hint } : {}) },
    );
  }
}

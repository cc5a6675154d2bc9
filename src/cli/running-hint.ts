/**
 * The line config-editing commands print when a platform runs for the home: whether the running platform
 * picks the change up (it watches config.yaml and reconciles the profile it runs).
 * @module
 */
import { readRunInfo } from '../platform/run-file.js';

import type { CliContext } from './context.js';

/**
 * Prints, for people, how the running platform treats a config change, if one runs. `affects` says whether
 * the change touches a given profile.
 * @example await runningHint(ctx, (p) => p === 'default');
 */
export async function runningHint(ctx: CliContext, affects: (profile: string) => boolean): Promise<void> {
  const run = await readRunInfo(ctx.paths).catch(() => undefined);
  if (!run?.info || run.stale) return;
  const { pid, profile } = run.info;
  ctx.out.line(
    affects(profile)
      ? `the running platform (pid ${pid}) picks this up`
      : `the running platform (pid ${pid}) runs profile "${profile}", which this does not change`,
  );
}

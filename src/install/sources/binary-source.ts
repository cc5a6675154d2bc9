/**
 * The shape the ecosystems that install a program under MCP_HOME share (cargo, go, gem, composer): plan
 * natively, or with `--runtime docker` render the ecosystem's template for the same package; after the
 * install, point the command at the binary that landed in the package directory.
 * @module
 */
import type { TemplateName } from '../../catalog/docker.js';
import type { InstallPlan } from '../plan.js';

import { resolveBinCommand } from './bin-dir.js';
import { templatePlan } from './container.js';
import type { InstalledRecord, InstallSource, LatestVersion } from './types.js';

/** What differs between those ecosystems. */
export interface BinarySourceSpec {
  readonly kind: InstallSource['kind'] & TemplateName;
  /** The native plan of a package and version. */
  plan(target: string, version: string | undefined): InstallPlan;
  /** The name of the program the package installs (the template's `BIN`). */
  bin(target: string): string;
  latest(record: InstalledRecord): Promise<LatestVersion>;
}

/** An install source for an ecosystem that installs a program under MCP_HOME. */
export function binarySource(spec: BinarySourceSpec): InstallSource {
  return {
    kind: spec.kind,
    async plan(ref, ctx) {
      const base = spec.plan(ref.target, ref.version);
      if (ctx.runtime !== 'docker') return base;
      return templatePlan(base, ctx, spec.kind, {
        PACKAGE: ref.target,
        VERSION: ref.version ?? '',
        BIN: spec.bin(ref.target),
      });
    },
    async finish(plan, dir) {
      return plan.runtime === 'docker' ? {} : { server: await resolveBinCommand(plan.server, dir) };
    },
    latest: (record) => spec.latest(record),
  };
}

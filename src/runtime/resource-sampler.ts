/**
 * CPU and RSS of each server, summed over its whole process tree.
 * @module
 */
import type { Clock } from '../core/types.js';

import { collectTree, defaultProcessTable, type ProcessTable } from './process-table.js';

/** Resource use of one server's process tree. */
export interface ResourceUsage {
  /** CPU use since the previous sample, in percent of one core (may exceed 100). Undefined on the first sample. */
  readonly cpuPercent: number | undefined;
  /** Sum of the resident set sizes, in bytes. */
  readonly rssBytes: number;
  /** Number of processes in the tree. */
  readonly processes: number;
}

interface Previous {
  readonly at: number;
  readonly cpu: ReadonlyMap<number, number>;
}

/**
 * Samples process trees; CPU percentages come from the CPU-time delta between consecutive samples.
 * @example
 * const sampler = new ResourceSampler();
 * const usage = await sampler.sample([child.pid!]); // Map pid -> ResourceUsage
 */
export class ResourceSampler {
  private previous = new Map<number, Previous>();

  constructor(
    private readonly table: ProcessTable = defaultProcessTable(),
    private readonly clock: Clock = Date,
  ) {}

  /** Samples the trees rooted at `roots` (server leader pids). Roots that no longer exist are left out. */
  async sample(roots: readonly number[]): Promise<Map<number, ResourceUsage>> {
    const out = new Map<number, ResourceUsage>();
    if (roots.length === 0) {
      this.previous.clear();
      return out;
    }
    const rows = await (this.table.listTrees?.(roots) ?? this.table.list());
    const now = this.clock.now();
    const next = new Map<number, Previous>();
    for (const root of roots) {
      const tree = collectTree(rows, root);
      if (!tree.some((p) => p.pid === root)) continue;
      const rss = await Promise.all(
        tree.map(async (p) => p.rssBytes ?? (await this.table.rssBytes(p.pid)) ?? 0),
      );
      const cpu = new Map(tree.map((p) => [p.pid, p.cpuSeconds]));
      next.set(root, { at: now, cpu });
      out.set(root, {
        cpuPercent: this.cpuPercent(this.previous.get(root), cpu, now),
        rssBytes: rss.reduce((a, b) => a + b, 0),
        processes: tree.length,
      });
    }
    this.previous = next;
    return out;
  }

  private cpuPercent(
    prev: Previous | undefined,
    cpu: ReadonlyMap<number, number>,
    now: number,
  ): number | undefined {
    if (!prev || now <= prev.at) return undefined;
    let used = 0;
    // Processes that exited since the last sample drop out; new ones count in full (they started since then).
    for (const [pid, seconds] of cpu) used += Math.max(0, seconds - (prev.cpu.get(pid) ?? 0));
    return Math.round((used / ((now - prev.at) / 1000)) * 1000) / 10;
  }
}

/**
 * The benchmark's results document (also written as JSON) and its markdown rendering.
 * @module
 */
import { round, type Summary } from './stats.js';

/** Machine and run parameters. */
export interface BenchMeta {
  readonly date: string;
  /** Commit measured (and whether the working tree differed). */
  readonly revision: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemGiB: number;
  readonly rounds: number;
  readonly n: number;
  readonly singlesPerRound: number;
  readonly idleMs: number;
  readonly durationS: number;
  /** 1-minute load average before and after the run (other work on the machine skews the figures). */
  readonly loadAvg1m: readonly [number, number];
}

/** Start-up figures of one server. */
export interface StartFigures {
  /** Single starts (one server, fresh supervisor). */
  readonly single: Summary;
  /** `startAll()` of `n` copies: wall time until all are running, one sample per round. */
  readonly parallel: Summary;
  /** Same, with as many copies as CPU cores. */
  readonly parallelCores: Summary;
  /** Median over rounds of the first and the last copy's ready time. */
  readonly firstReadyMs: number;
  readonly lastSpawnMs: number;
  /** Median total time the supervisor was blocked in `spawn()` during the `n`-copy start. */
  readonly spawnBlockMs: number;
  /** Median per-copy CPU time of a server start-up, and the CPU floor `n × that / cores`. */
  readonly serverCpuMsEach: number;
  readonly cpuFloorMs: number;
  /** Median CPU time of the supervising process during the `n`-copy `startAll()`. */
  readonly supervisorCpuMs: number;
  readonly closeMs: Summary;
  /** median(parallel) / max(single): the target figure. */
  readonly ratio: number;
  /** median(parallel) / median(single), for context. */
  readonly ratioVsMedianSingle: number;
}

/** A target from the issue and whether it was met. */
export interface TargetResult {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean | null;
}

/** Everything the benchmark measured. */
export interface BenchResults {
  readonly meta: BenchMeta;
  readonly start: Record<string, StartFigures>;
  readonly rss: {
    readonly server: string;
    readonly gcExposed: boolean;
    readonly perServerKiB: Summary;
    readonly marginalKiB: Summary;
    readonly heapPerServerKiB: Summary;
    readonly rssZeroMiB: number;
    readonly rssAllMiB: number;
  };
  readonly cli: Record<string, Summary>;
  /** Spawn-to-exit of a server's module loading alone (no MCP session): where a start's CPU goes. */
  readonly serverLoad: Record<string, Summary>;
  readonly targets: TargetResult[];
  /** Processes found alive after the run (and killed); empty on a clean run. */
  readonly leftovers: { pid: number; pgid: number }[];
}

const ms = (x: number): string => `${round(x, 0)} ms`;
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
const verdict = (p: boolean | null): string => (p === null ? 'n/a' : p ? '**pass**' : '**FAIL**');

/** Renders the results as markdown (the report in `bench/results/` and the figures in `docs/performance.md`). */
export function renderMarkdown(r: BenchResults): string {
  const m = r.meta;
  const out: string[] = [
    `# Runtime benchmark, ${m.date}`,
    '',
    `Revision ${m.revision}. Node ${m.node}, ${m.platform}, ${m.cpus} × ${m.cpuModel}, ${m.totalMemGiB} GiB RAM. ` +
      `${m.rounds} interleaved rounds; N = ${m.n}; ${m.singlesPerRound} single starts per server per round; ` +
      `took ${m.durationS} s; 1-min load average ${m.loadAvg1m[0]} before, ${m.loadAvg1m[1]} after. ` +
      'Medians over rounds unless stated.',
    '',
    '## Targets',
    '',
    row(['Target', 'Goal', 'Measured', 'Result']),
    row(['---', '---', '---', '---']),
    ...r.targets.map((t) => row([t.name, t.target, t.measured, verdict(t.pass)])),
    '',
    `## Parallel start (N = ${m.n})`,
    '',
    row([
      'Server',
      'single median',
      'single max',
      `${m.n} in parallel`,
      'ratio (vs max single)',
      'ratio (vs median single)',
      `${m.cpus} in parallel`,
      'first ready',
      'last spawn',
      'blocked in spawn()',
      'CPU per start',
      'CPU floor',
      'supervisor CPU',
      'close()',
    ]),
    row(Array(14).fill('---')),
    ...Object.entries(r.start).map(([id, s]) =>
      row([
        id,
        ms(s.single.median),
        ms(s.single.max),
        ms(s.parallel.median),
        `${round(s.ratio, 2)}×`,
        `${round(s.ratioVsMedianSingle, 2)}×`,
        ms(s.parallelCores.median),
        ms(s.firstReadyMs),
        ms(s.lastSpawnMs),
        ms(s.spawnBlockMs),
        ms(s.serverCpuMsEach),
        ms(s.cpuFloorMs),
        ms(s.supervisorCpuMs),
        ms(s.closeMs.median),
      ]),
    ),
    '',
    '"CPU per start" is the user + system time one server process used from spawn to `running`; "CPU floor" is',
    `${m.n} × that / ${m.cpus} cores, the least wall time ${m.n} starts can take on this machine.`,
    '',
    `## Platform RSS per idle server (${r.rss.server}, N = ${m.n})`,
    '',
    row(['Measure', 'median', 'min', 'max']),
    row(['---', '---', '---', '---']),
    ...(
      [
        ['RSS growth per server, 0 → N', r.rss.perServerKiB],
        ['RSS growth per server, 1 → N (marginal)', r.rss.marginalKiB],
        ['JS heap growth per server, 0 → N', r.rss.heapPerServerKiB],
      ] as const
    ).map(([name, s]) =>
      row([name, `${round(s.median, 0)} KiB`, `${round(s.min, 0)} KiB`, `${round(s.max, 0)} KiB`]),
    ),
    '',
    `Supervising process RSS: ${round(r.rss.rssZeroMiB, 1)} MiB with 0 servers, ` +
      `${round(r.rss.rssAllMiB, 1)} MiB with ${m.n} (medians; forced GC: ${r.rss.gcExposed ? 'yes' : 'no'}).`,
    '',
    '## CLI start-up (spawn to exit)',
    '',
    row(['Command', 'median', 'p95', 'min', 'runs']),
    row(['---', '---', '---', '---', '---']),
    ...Object.entries(r.cli).map(([id, s]) => row([`\`${id}\``, ms(s.median), ms(s.p95), ms(s.min), s.n])),
    '',
    '`node -e 0` is the floor: Node itself, no application code.',
    '',
    '## Where a server start goes (spawn to exit, no MCP session)',
    '',
    row(['Command', 'median', 'min', 'runs']),
    row(['---', '---', '---', '---']),
    ...Object.entries(r.serverLoad).map(([id, s]) => row([`\`${id}\``, ms(s.median), ms(s.min), s.n])),
    '',
    r.leftovers.length === 0
      ? 'Cleanup: no process spawned by the benchmark was left running.'
      : `Cleanup: **${r.leftovers.length} leftover process(es) had to be killed**: ${JSON.stringify(r.leftovers)}.`,
    '',
  ];
  return out.join('\n');
}

/**
 * Runtime benchmark: parallel start of N stdio servers vs a single start, supervising-process RSS per idle
 * server, and `mcp` CLI start-up. Measures the built code in `dist/` (what ships) with real processes on
 * this machine only; nothing leaves loopback.
 *
 * Usage: npm run bench            (builds first)
 *        npx tsx bench/runtime.bench.ts [--rounds 3] [--n 20] [--singles 4] [--cli-runs 15] [--idle-ms 1000]
 * Writes bench/results/runtime-<date>.md and .json and prints the markdown. Exits 1 if a process it spawned
 * had to be killed afterwards, 2 if it ran out of time.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { cliCases, serverLoadCases, timeCli } from './lib/cli-times.js';
import { renderMarkdown, type BenchResults, type StartFigures, type TargetResult } from './lib/report.js';
import type { RssRun } from './lib/rss.js';
import type { BenchServer, StartRun } from './lib/start-times.js';
import { median, round, summarize, type Summary } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** No new round starts after this; the whole run must stay under 3 minutes. */
const SOFT_BUDGET_MS = 140_000;
/** Past this, everything is stopped and the run fails. */
const HARD_BUDGET_MS = 170_000;

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    n: { type: 'string', default: '20' },
    singles: { type: 'string', default: '4' },
    'cli-runs': { type: 'string', default: '15' },
    'idle-ms': { type: 'string', default: '1000' },
    out: { type: 'string', default: path.join(ROOT, 'bench/results') },
    /** What was measured, when not a git checkout (e.g. an exported commit). Default: from git. */
    revision: { type: 'string' },
  },
});
const ROUNDS = Number(flags.rounds);
const N = Number(flags.n);
const SINGLES = Number(flags.singles);
const CLI_PER_ROUND = Math.ceil(Number(flags['cli-runs']) / ROUNDS);
/** Runs per round of the server-load diagnostics (they take ~0.5 s each). */
const LOAD_PER_ROUND = 2;
const IDLE_MS = Number(flags['idle-ms']);
const CORES = os.availableParallelism();

for (const f of ['dist/runtime/index.js', 'dist/cli/main.js', 'examples/echo-mcp/dist/index.js']) {
  if (!existsSync(path.join(ROOT, f))) {
    process.stderr.write(
      `bench: ${f} is missing; run \`npm run build\` (or \`npm run bench\`, which does)\n`,
    );
    process.exit(1);
  }
}
// Loaded only once dist/ is known to exist.
const { measureStart, benchServers, openSupervisors } = await import('./lib/start-times.js');
const { measureRss } = await import('./lib/rss.js');
const { keepingAlive, reapLeftovers, spawnedPids } = await import('./lib/processes.js');

/** The commit measured, and whether `src/` differs from it. */
function revision(): string {
  if (flags.revision) return flags.revision;
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? ' + uncommitted src changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

const loadBefore = os.loadavg()[0]!;
const t0 = performance.now();
const elapsed = (): number => performance.now() - t0;
const log = (msg: string): void =>
  void process.stderr.write(`[bench ${(elapsed() / 1000).toFixed(1)}s] ${msg}\n`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-bench-'));
const logsRoot = path.join(tmp, 'logs');
const home = path.join(tmp, 'home');
mkdirSync(logsRoot);
mkdirSync(home);

const servers = benchServers(ROOT);
const singles: Record<string, StartRun[]> = {};
const parallel: Record<string, StartRun[]> = {};
const parallelCores: Record<string, StartRun[]> = {};
const rssRuns: RssRun[] = [];
const cli: Record<string, number[]> = {};
const serverLoad: Record<string, number[]> = {};
let roundsDone = 0;

async function closeAll(): Promise<void> {
  const open = [...openSupervisors];
  await keepingAlive(() => Promise.all(open.map((s) => s.close().catch(() => undefined))));
}

const watchdog = setTimeout(() => {
  log(`over the ${HARD_BUDGET_MS / 1000} s budget: stopping everything`);
  void closeAll()
    .then(() => reapLeftovers(spawnedPids))
    .finally(() => process.exit(2));
}, HARD_BUDGET_MS);
watchdog.unref();

async function startRound(s: BenchServer): Promise<void> {
  const single = async (): Promise<void> => {
    const run = await measureStart(s, 1, logsRoot);
    if (run.notRunning) throw new Error(`${s.id}: single start did not reach running`);
    (singles[s.id] ??= []).push(run);
  };
  // Single starts before and after the parallel ones, so slow drift shows up on both sides.
  for (let i = 0; i < Math.ceil(SINGLES / 2); i++) await single();
  const all = await measureStart(s, N, logsRoot);
  if (all.notRunning) throw new Error(`${s.id}: ${all.notRunning} of ${N} did not reach running`);
  (parallel[s.id] ??= []).push(all);
  const few = await measureStart(s, CORES, logsRoot);
  (parallelCores[s.id] ??= []).push(few);
  for (let i = Math.ceil(SINGLES / 2); i < SINGLES; i++) await single();
  const last = singles[s.id]!.at(-1)!;
  log(`${s.id}: single ${round(last.wallMs, 0)} ms, ${N} parallel ${round(all.wallMs, 0)} ms`);
}

let leftovers: { pid: number; pgid: number }[] = [];
try {
  log(`warm-up (unrecorded), ${CORES} cores, node ${process.version}`);
  for (const s of servers) await measureStart(s, 1, logsRoot);
  for (const c of [...cliCases(ROOT), ...serverLoadCases(ROOT)]) await timeCli(c, ROOT, home);

  for (let r = 1; r <= ROUNDS; r++) {
    if (r > 1 && elapsed() + elapsed() / (r - 1) > SOFT_BUDGET_MS) {
      log(`stopping after ${r - 1} rounds to stay inside the time budget`);
      break;
    }
    log(`round ${r}/${ROUNDS}`);
    for (const s of servers) await startRound(s);
    const rss = await measureRss(servers[0]!, N, IDLE_MS, logsRoot);
    rssRuns.push(rss);
    log(`rss: ${round(rss.perServerKiB, 0)} KiB per server (0 → ${N})`);
    for (let i = 0; i < CLI_PER_ROUND; i++) {
      for (const c of cliCases(ROOT)) (cli[c.id] ??= []).push(await timeCli(c, ROOT, home));
    }
    for (let i = 0; i < LOAD_PER_ROUND; i++) {
      for (const c of serverLoadCases(ROOT)) (serverLoad[c.id] ??= []).push(await timeCli(c, ROOT, home));
    }
    roundsDone = r;
  }
} finally {
  await closeAll();
  leftovers = await reapLeftovers(spawnedPids);
  rmSync(tmp, { recursive: true, force: true });
  clearTimeout(watchdog);
}

function startFigures(id: string): StartFigures {
  const single = summarize(singles[id]!.map((r) => r.wallMs));
  const par = parallel[id]!;
  const parSummary = summarize(par.map((r) => r.wallMs));
  const cpuEach = median(par.map((r) => r.serverCpuMs / r.n));
  return {
    single,
    parallel: parSummary,
    parallelCores: summarize(parallelCores[id]!.map((r) => r.wallMs)),
    firstReadyMs: median(par.map((r) => r.readyMs[0]!)),
    lastSpawnMs: median(par.map((r) => r.lastSpawnMs)),
    spawnBlockMs: median(par.map((r) => r.spawnBlockMs)),
    serverCpuMsEach: cpuEach,
    cpuFloorMs: (cpuEach * N) / CORES,
    supervisorCpuMs: median(par.map((r) => r.supervisorCpuMs)),
    closeMs: summarize(par.map((r) => r.closeMs)),
    ratio: parSummary.median / single.max,
    ratioVsMedianSingle: parSummary.median / single.median,
  };
}

const start = Object.fromEntries(servers.map((s) => [s.id, startFigures(s.id)]));
const rss = {
  server: servers[0]!.id,
  gcExposed: rssRuns.every((r) => r.gcExposed),
  perServerKiB: summarize(rssRuns.map((r) => r.perServerKiB)),
  marginalKiB: summarize(rssRuns.map((r) => r.marginalKiB)),
  heapPerServerKiB: summarize(rssRuns.map((r) => r.heapPerServerKiB)),
  rssZeroMiB: median(rssRuns.map((r) => r.zero.rss)) / 2 ** 20,
  rssAllMiB: median(rssRuns.map((r) => r.all.rss)) / 2 ** 20,
};
const summaries = (o: Record<string, number[]>): Record<string, Summary> =>
  Object.fromEntries(Object.entries(o).map(([id, xs]) => [id, summarize(xs)]));
const cliSummary = summaries(cli);
const floor = cliSummary['node -e 0']!.median;
const version = cliSummary['mcp --version']!.median;

const targets: TargetResult[] = [
  ...Object.entries(start).map(([id, s]) => ({
    name: `${N} × ${id} ready (startAll)`,
    target: '≤ 1.5 × slowest single start',
    measured: `${round(s.parallel.median, 0)} ms = ${round(s.ratio, 2)} × ${round(s.single.max, 0)} ms`,
    pass: s.ratio <= 1.5,
  })),
  {
    name: 'Platform RSS per idle server',
    target: '< 1 MiB (1024 KiB)',
    measured: `${round(rss.perServerKiB.median, 0)} KiB`,
    pass: rss.perServerKiB.median < 1024,
  },
  {
    name: '`mcp --version` start-up',
    target: 'fast (no number given)',
    measured: `${round(version, 0)} ms (${round(version - floor, 0)} ms over bare node)`,
    pass: null,
  },
];

const results: BenchResults = {
  meta: {
    date: new Date().toISOString().slice(0, 10),
    revision: revision(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: CORES,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
    rounds: roundsDone,
    n: N,
    singlesPerRound: SINGLES,
    idleMs: IDLE_MS,
    durationS: round(elapsed() / 1000, 0),
    loadAvg1m: [round(loadBefore, 2), round(os.loadavg()[0]!, 2)],
  },
  start,
  rss,
  cli: cliSummary,
  serverLoad: summaries(serverLoad),
  targets,
  leftovers,
};

const md = renderMarkdown(results);
mkdirSync(flags.out, { recursive: true });
const base = path.join(flags.out, `runtime-${results.meta.date}`);
writeFileSync(
  `${base}.json`,
  `${JSON.stringify({ results, raw: { singles, parallel, parallelCores, rssRuns, cli, serverLoad } }, null, 2)}\n`,
);
writeFileSync(`${base}.md`, md);
process.stdout.write(md);
log(`wrote ${base}.md and .json`);
if (leftovers.length > 0) process.exitCode = 1;

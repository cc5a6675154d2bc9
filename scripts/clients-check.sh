#!/usr/bin/env bash
# usage: scripts/clients-check.sh [claude] [gemini] [codex]   (default: each of them found on PATH)
#
# Opt-in check (not run by `npm test`) of the entries `mcp client connect` writes, with the clients
# themselves: Claude Code (`claude`), Gemini CLI (`gemini`) and Codex (`codex`) must be installed already
# (e.g. `npm install` them in a folder of their own and put its node_modules/.bin on PATH). Each client runs
# with a throwaway HOME holding one server of the user's own; a platform with the bundled example servers
# runs on a free port. For each client: connect, the client's own listing shows the entry (Claude Code and
# Gemini CLI also connect to it), disconnect, the listing no longer shows it, the user's server stays.
# Run `npm run build` first. Exit status: 0 when every check passed, 1 otherwise, 2 on a setup error.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MCP=("$(command -v node)" "$ROOT/bin/mcp.js")
ECHO=$ROOT/examples/echo-mcp/dist/index.js
[[ -f $ECHO && -f $ROOT/dist/cli/main.js ]] || { echo "clients-check: run npm run build first" >&2; exit 2; }
clients=("$@")
if [[ ${#clients[@]} -eq 0 ]]; then
  for c in claude gemini codex; do command -v "$c" >/dev/null && clients+=("$c"); done
fi
[[ ${#clients[@]} -gt 0 ]] || { echo "clients-check: none of claude, gemini, codex is on PATH" >&2; exit 2; }

WORK=$(mktemp -d)
export MCP_HOME=$WORK/mcp-home
cleanup() { "${MCP[@]}" down >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"${MCP[@]}" init --with-examples >/dev/null && "${MCP[@]}" config set gateway.port "$port" >/dev/null &&
  "${MCP[@]}" up --detach >/dev/null || { echo "clients-check: the platform did not start" >&2; exit 2; }

failed=0
check() { # check <label> <pattern> <present|absent> <text>
  if grep -Eq -- "$2" <<<"$4"; then found=present; else found=absent; fi
  if [[ $found == "$3" ]]; then echo "  ok    $1"; else echo "  FAIL  $1 (expected /$2/ $3)"; echo "$4" | sed 's/^/        /'; failed=1; fi
}
seed() { # seed <client> <home>: a server of the user's own in the client's file
  case $1 in
    claude) printf '{"mcpServers":{"user-echo":{"type":"stdio","command":"node","args":["%s"]}}}\n' "$ECHO" >"$2/.claude.json" ;;
    gemini) mkdir -p "$2/.gemini" && printf '{"mcpServers":{"user-echo":{"command":"node","args":["%s"]}}}\n' "$ECHO" >"$2/.gemini/settings.json" &&
      printf '{"%s":"TRUST_FOLDER"}\n' "$WORK" >"$2/.gemini/trustedFolders.json" ;;
    codex) mkdir -p "$2/.codex" && printf '[mcp_servers.user-echo]\ncommand = "node"\nargs = ["%s"]\n' "$ECHO" >"$2/.codex/config.toml" ;;
  esac
}
listing() { # listing <client>: the client's own view of its servers
  case $1 in
    claude) timeout 90 claude mcp list ;;
    gemini) timeout 90 gemini mcp list ;;
    codex) timeout 60 codex mcp list && timeout 60 codex mcp get mcp-platform ;;
  esac 2>&1
}
declare -A id=([claude]=claude-code [gemini]=gemini [codex]=codex)
declare -A entry=([claude]='mcp-platform: .*(✔|✓) Connected' [gemini]='✓ mcp-platform: .* Connected' [codex]='transport: streamable_http')
declare -A own=([claude]='user-echo: .*(✔|✓) Connected' [gemini]='✓ user-echo' [codex]='^user-echo ')
for c in "${clients[@]}"; do
  [[ -n ${id[$c]:-} ]] || { echo "clients-check: unknown client $c (claude, gemini, codex)" >&2; exit 2; }
  echo "$c:"
  home=$WORK/home-$c && mkdir -p "$home" && seed "$c" "$home"
  out=$(cd "$WORK" && HOME=$home XDG_CONFIG_HOME=$home/.config CODEX_HOME='' "${MCP[@]}" client connect "${id[$c]}" 2>&1)
  check "mcp client connect ${id[$c]}" 'connected' present "$out"
  key=$(grep -o 'MCP_PLATFORM_API_KEY=mcp_[A-Za-z0-9_-]*' <<<"$out" | cut -d= -f2)
  run() { (cd "$WORK" && env -u CODEX_HOME HOME="$home" XDG_CONFIG_HOME="$home/.config" MCP_PLATFORM_API_KEY="$key" \
    DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 bash -c "$(declare -f listing); listing $c"); }
  out=$(run)
  check "listing shows the gateway entry" "${entry[$c]}" present "$out"
  check "listing keeps the user's server" "${own[$c]}" present "$out"
  out=$(cd "$WORK" && HOME=$home XDG_CONFIG_HOME=$home/.config CODEX_HOME='' "${MCP[@]}" client disconnect "${id[$c]}" 2>&1)
  check "mcp client disconnect ${id[$c]}" 'entry removed' present "$out"
  out=$(run)
  check "listing no longer shows the gateway entry" '^(\S+ )?mcp-platform(:| |$)' absent "$out"
  check "listing still shows the user's server" "${own[$c]}" present "$out"
done
exit $failed

#!/usr/bin/env bash
# Usage: bash bench/lib/light-server.sh — a stdio MCP server with almost no CPU cost at start, for the
# benchmark: it waits 300 ms (like a server whose start waits on I/O, e.g. a database), then answers
# initialize, tools/list and anything else with an empty result. It shows what the supervisor does when the
# servers' own start-up is not CPU-bound. Messages are single-line JSON as the MCP stdio transport sends them.
sleep 0.3
while IFS= read -r line; do
  [[ $line =~ \"id\":([0-9]+|\"[^\"]*\") ]] || continue # notifications need no answer
  id=${BASH_REMATCH[1]}
  method=""
  [[ $line =~ \"method\":\"([^\"]+)\" ]] && method=${BASH_REMATCH[1]}
  case $method in
    initialize)
      version=2025-06-18
      [[ $line =~ \"protocolVersion\":\"([^\"]+)\" ]] && version=${BASH_REMATCH[1]}
      printf '{"jsonrpc":"2.0","id":%s,"result":{"protocolVersion":"%s","capabilities":{"tools":{}},"serverInfo":{"name":"light","version":"1.0.0"}}}\n' "$id" "$version"
      ;;
    tools/list)
      printf '{"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"ping","inputSchema":{"type":"object"}}]}}\n' "$id"
      ;;
    *)
      printf '{"jsonrpc":"2.0","id":%s,"result":{}}\n' "$id"
      ;;
  esac
done

# syntax=docker/dockerfile:1
# MCP Platform template: generic — any command available in the base image
# Rendered by `mcp docker render`; placeholders {{...}} are filled from the server definition.
# The server speaks MCP over stdio: run it with `docker run -i --rm <image>`.

# ---- build stage ----
FROM debian:bookworm-20241016-slim AS build
RUN echo 'nothing to build: the command comes with the runtime image'

# ---- runtime stage ----
FROM debian:bookworm-20241016-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini ca-certificates && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 mcp && useradd --system --uid 10001 --gid mcp --home-dir /home/mcp --create-home mcp
USER mcp
WORKDIR /home/mcp
# tini reaps zombies and forwards signals, so `docker stop` ends the server cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["{{BIN}}"{{ARGS}}]
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "test -n \"$(cat /proc/1/task/1/children 2>/dev/null)\""]

# syntax=docker/dockerfile:1
# MCP Platform template: node — an npm package
# Rendered by `mcp docker render`; placeholders {{...}} are filled from the server definition.
# The server speaks MCP over stdio: run it with `docker run -i --rm <image>`.

# ---- build stage ----
FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
RUN npm install --omit=dev --no-audit --no-fund {{PACKAGE}}@{{VERSION}}

# ---- runtime stage ----
FROM node:20.19.5-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini ca-certificates && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 mcp && useradd --system --uid 10001 --gid mcp --home-dir /home/mcp --create-home mcp
COPY --from=build --chown=root:root /app /app
USER mcp
WORKDIR /home/mcp
# tini reaps zombies and forwards signals, so `docker stop` ends the server cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "/app/node_modules/{{PACKAGE}}/{{BIN}}"{{ARGS}}]
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "test -n \"$(cat /proc/1/task/1/children 2>/dev/null)\""]

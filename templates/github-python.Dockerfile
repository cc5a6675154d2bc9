# syntax=docker/dockerfile:1
# MCP Platform template: github-python — a Python repository built from source
# Rendered by `mcp docker render`; placeholders {{...}} are filled from the server definition.
# The server speaks MCP over stdio: run it with `docker run -i --rm <image>`.

# ---- build stage ----
FROM ghcr.io/astral-sh/uv:0.4.29-python3.12-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN uv venv /venv && VIRTUAL_ENV=/venv uv pip install --no-cache .

# ---- runtime stage ----
FROM python:3.12.7-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends tini ca-certificates && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 mcp && useradd --system --uid 10001 --gid mcp --home-dir /home/mcp --create-home mcp
COPY --from=build /venv /venv
USER mcp
WORKDIR /home/mcp
# tini reaps zombies and forwards signals, so `docker stop` ends the server cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/venv/bin/{{BIN}}"{{ARGS}}]
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "test -n \"$(cat /proc/1/task/1/children 2>/dev/null)\""]

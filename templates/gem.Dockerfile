# syntax=docker/dockerfile:1
# MCP Platform template: gem — a RubyGems gem
# Rendered by `mcp docker render`; placeholders {{...}} are filled from the server definition.
# The server speaks MCP over stdio: run it with `docker run -i --rm <image>`.

# ---- build stage ----
FROM ruby:3.3.5-slim-bookworm AS build
RUN gem install --no-document --install-dir /gems {{PACKAGE}} -v {{VERSION}}

# ---- runtime stage ----
FROM ruby:3.3.5-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends tini ca-certificates && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 mcp && useradd --system --uid 10001 --gid mcp --home-dir /home/mcp --create-home mcp
COPY --from=build /gems /gems
ENV GEM_HOME=/gems GEM_PATH=/gems
USER mcp
WORKDIR /home/mcp
# tini reaps zombies and forwards signals, so `docker stop` ends the server cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/gems/bin/{{BIN}}"{{ARGS}}]
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "test -n \"$(cat /proc/1/task/1/children 2>/dev/null)\""]

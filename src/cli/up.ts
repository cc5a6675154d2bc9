/**
 * `mcp up`: runs the active (or given) profile in the foreground until SIGINT/SIGTERM, serving the
 * local API; `--detach` starts the same in the background and returns once it answers.
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, fstatSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

import { createControlApp, createControlUpgrade, type ControlAppDeps } from '../api/control-app.js';
import { bearerToken, credentialFingerprint } from '../api/edge.js';
import { ApiKeyVerifier } from '../auth/api-keys.js';
import { getKeyTools } from '../auth/key-tools.js';
import {
  createGatewayHandler,
  ToolIntegrity,
  UPSTREAM_CLIENT_CAPABILITIES,
  type GatewayHandler,
} from '../gateway/index.js';
import { lookupEnvVar } from '../config/env.js';
import { SecretStore } from '../config/secrets.js';
import type { LoadedConfig } from '../config/store.js';
import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';
import { CallSeries } from '../observability/call-series.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { PlatformMetrics } from '../observability/metrics.js';
import { ConfigReloader } from '../platform/config-reloader.js';
import { findPlatform } from '../platform/control-client.js';
import { Platform } from '../platform/platform.js';
import { readRunInfo, removeRunInfo, runFiles, writeRunInfo, type RunInfo } from '../platform/run-file.js';

import { cliApiDeps } from './api-deps.js';
import type { CliContext } from './context.js';
import { packageVersion } from './main.js';
import { PLATFORM_NODE_FLAGS } from './node-flags.js';
import { parsePort } from './port.js';

/** Flags of `mcp up`. */
export interface UpOptions {
  profile?: string;
  detach?: boolean;
  host?: string;
  port?: string;
  /** false with `--no-auth`. */
  auth?: boolean;
}

/** Whether a listen address is loopback only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Runs `mcp up`. Resolves when the platform has stopped (foreground) or answers (detached). */
export async function up(ctx: CliContext, opts: UpOptions): Promise<void> {
  const store = await ctx.config();
  await store.ensureHome();
  const { config } = await store.load();
  const profile = opts.profile ?? config.activeProfile;
  if (!config.profiles[profile]) {
    throw new PlatformError(
      PlatformErrorCode.ProfileNotFound,
      `no profile named "${profile}"`,
      { name: profile },
      {
        hint: 'see `mcp profile list`',
      },
    );
  }
  const host = opts.host ?? config.gateway.host;
  if ((opts.auth === false || !config.gateway.auth) && !isLoopback(host)) {
    throw new UsageError(
      `refusing to run without API keys on ${host}: only a loopback address may go without auth`,
      'bind to 127.0.0.1, or keep auth on and give clients keys (mcp key create --name <client>)',
    );
  }
  if (opts.port !== undefined) parsePort(opts.port);
  const existing = await readRunInfo(ctx.paths);
  if (existing.info && !existing.stale) {
    throw new PlatformError(
      PlatformErrorCode.PlatformRunning,
      `a platform already runs for ${ctx.paths.home} (pid ${existing.info.pid})`,
      existing.info,
      {
        hint: 'stop it with `mcp down`, or use another MCP_HOME',
      },
    );
  }
  if (existing.stale) {
    ctx.out.warn('removing a stale run file left by a platform that is no longer running');
    await fs.rm(runFiles(ctx.paths).info, { force: true });
  }
  if (opts.detach) return detach(ctx, opts, profile);
  return foreground(ctx, opts, profile, config);
}

/** Whether the open descriptor `fd` is the file at `file`. */
function isFile(fd: number, file: string): boolean {
  try {
    const open = fstatSync(fd);
    const named = statSync(file);
    return open.dev === named.dev && open.ino === named.ino;
  } catch {
    return false;
  }
}

/** Runs the platform in this process; `config` is the configuration `up` loaded (read once). */
async function foreground(
  ctx: CliContext,
  opts: UpOptions,
  profile: string,
  config: LoadedConfig['config'],
): Promise<void> {
  const store = await ctx.config();
  const logPath = path.join(ctx.paths.logs, 'platform.log');
  const logFile = createWriteStream(logPath, { flags: 'a', mode: 0o600 });
  const fileLog = createLogger({ level: ctx.debug ? 'debug' : 'info', stream: logFile, format: 'json' });
  const termLog = createLogger({ level: ctx.debug ? 'debug' : 'info', format: 'text' });
  // Detached, stderr is platform.log itself: the text copy would write every line twice.
  const log = isFile(process.stderr.fd, logPath) ? fileLog : teeLogger(fileLog, termLog);
  const secrets = new SecretStore(ctx.paths.secrets);
  const { openStorage } = await import('../store/index.js');
  const storage = await openStorage({ sqlitePath: ctx.paths.stateDb, databaseUrl: ctx.env.databaseUrl });
  const verifier = new ApiKeyVerifier(storage.apiKeys);
  const gatewayRef: { handler?: GatewayHandler } = {};
  const calls = new CallSeries();
  const metrics = new PlatformMetrics({
    sessions: () => ({ '/mcp': gatewayRef.handler?.sessionCount ?? 0 }),
    sample: () =>
      platform.status().servers.map((s) => ({
        name: s.name,
        state: s.state,
        restarts: s.restarts,
        tools: s.tools,
        rssBytes: s.rssBytes,
      })),
  });
  const platform = new Platform({
    config,
    profile,
    logsDir: ctx.paths.logs,
    resolvers: { env: (n) => lookupEnvVar(n), secret: (n) => secrets.get(n) },
    logger: log,
    clientCapabilities: UPSTREAM_CLIENT_CAPABILITIES,
  });
  platform.on('state', (e) => log.info(`${e.name}: ${e.from} -> ${e.to}`));
  const integrity = new ToolIntegrity({
    pins: storage.toolPins,
    audit: storage.audit,
    logger: log.child({ component: 'integrity' }),
    mode: config.gateway.toolIntegrity,
  });
  const gateway = createGatewayHandler({
    platform,
    integrity,
    profile: config.profiles[profile],
    separator: config.gateway.separator,
    maxBodyBytes: config.gateway.maxBodyBytes,
    pageSize: config.gateway.pageSize,
    sessionIdleMs: config.gateway.sessionIdleSeconds * 1000,
    principalOf: credentialFingerprint,
    toolAllowlistOf: async (req) => {
      const presented = bearerToken(req);
      const record = presented ? await verifier.verify(presented, 'mcp') : undefined;
      return record ? getKeyTools(storage.kv, record.id) : [];
    },
    logger: log,
    serverInfo: { name: 'mcp-platform', version: packageVersion() },
    observe: (server, method, tool, seconds, ok) => {
      metrics.observe(server, method, tool, seconds, ok);
      calls.observe(seconds, ok);
    },
  });
  gatewayRef.handler = gateway;
  // config.yaml is the desired state: every change to it (a CLI edit, a hand edit) is reconciled.
  const reloader = new ConfigReloader({
    store,
    platform,
    logger: log.child({ component: 'reload' }),
    started: config,
  });

  const host = opts.host ?? config.gateway.host;
  const auth = opts.auth !== false && config.gateway.auth;
  const port = opts.port !== undefined ? parsePort(opts.port) : config.gateway.port;
  const token = randomBytes(32).toString('base64url');
  const startedAt = new Date().toISOString();
  let ready = false;
  let closing = false;
  const bound: { info?: RunInfo } = {};
  const api = cliApiDeps(ctx, {
    storage,
    platform,
    gateway,
    host,
    port: () => bound.info?.port ?? port,
    forgetKey: (id) => verifier.forget(id),
  });
  const appDeps: ControlAppDeps = {
    platform,
    token,
    bindHost: host,
    allowedOrigins: config.gateway.allowedOrigins,
    logger: log.child({ component: 'api' }),
    describe: () => ({
      running: true,
      pid: process.pid,
      profile,
      startedAt,
      url: bound.info ? `http://${bound.info.host}:${bound.info.port}` : null,
      version: packageVersion(),
    }),
    isReady: () => ready,
    isClosing: () => closing,
    identifyKey: async (key) => {
      const k = await verifier.identify(key);
      return k && { id: k.id, name: k.name, scopes: k.scopes };
    },
    recallKey: (key) => verifier.recall(key),
    metrics,
    publicMetrics: config.gateway.publicMetrics,
    gateway,
    separator: config.gateway.separator,
    gatewayAuth: auth,
    maxBodyBytes: config.gateway.maxBodyBytes,
    reload: () => reloader.reload(),
    config: store,
    calls,
    ...api.deps,
  };
  // Headers must arrive within 10 s (slowloris); checked every second. Requests themselves have no
  // deadline: event streams stay open.
  const server = createServer(
    { headersTimeout: 10_000, requestTimeout: 0, connectionsCheckingInterval: 1000 },
    createControlApp(appDeps),
  );
  // WebSocket sessions on /ws: the same edge checks and API-key auth as /mcp.
  server.on('upgrade', createControlUpgrade(appDeps));
  const actualPort = await listen(server, host, port);
  const info: RunInfo = {
    pid: process.pid,
    host,
    port: actualPort,
    startedAt,
    profile,
    version: packageVersion(),
    maxBodyBytes: config.gateway.maxBodyBytes,
  };
  bound.info = info;
  await writeRunInfo(ctx.paths, info, token);
  log.info(`platform listening on http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`, {
    profile,
    home: ctx.paths.home,
  });
  log.info(
    `dashboard: ${api.deps.selfUrl()}/ (log in with an API key with the admin or read scope: mcp key create --name dashboard --scope admin)`,
  );

  const stopped = new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      if (closing) {
        log.warn(`second ${signal}: exiting now`);
        process.exit(130);
      }
      closing = true;
      log.info(`${signal} received: refusing new requests, draining calls in flight (up to 10 s)`);
      void (async () => {
        reloader.close();
        api.close();
        const left = await gateway.drain(DRAIN_MS);
        if (left > 0) log.warn(`${left} calls still in flight after ${DRAIN_MS / 1000} s: cancelling them`);
        log.info('stopping servers');
        await gateway.close().catch(() => undefined);
        await platform.close().catch((err: unknown) => log.error('stop failed', { error: String(err) }));
        // Calls are drained and sessions closed: connections clients keep alive (or hold an SSE stream on)
        // are cut now rather than waited for.
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
        await removeRunInfo(ctx.paths, process.pid);
        await storage.close().catch(() => undefined);
        log.info('platform stopped');
        logFile.end();
        resolve();
      })();
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

  reloader.watch();
  await platform.start();
  ready = true;
  const { servers, health } = platform.status();
  log.info(
    `profile "${profile}" started: ${servers.filter((s) => s.state === 'running').length}/${servers.length} running (${health})`,
  );
  await stopped;
}

/** How long a stopping platform lets calls in flight finish. */
const DRAIN_MS = 10_000;

async function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new PlatformError(
          PlatformErrorCode.InvalidInput,
          err.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is already in use`
            : `cannot listen on ${host}:${port}: ${err.message}`,
          { host, port },
          { cause: err, hint: 'choose another with --port, or `mcp config set gateway.port <port>`' },
        ),
      );
    });
    server.listen(port, host, () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

async function detach(ctx: CliContext, opts: UpOptions, profile: string): Promise<void> {
  const logPath = path.join(ctx.paths.logs, 'platform.log');
  const out = await fs.open(logPath, 'a', 0o600);
  const bin = process.argv[1]!;
  const args = [...PLATFORM_NODE_FLAGS, bin, '--home', ctx.paths.home, 'up', '--profile', profile];
  if (opts.host) args.push('--host', opts.host);
  if (opts.port) args.push('--port', opts.port);
  if (opts.auth === false) args.push('--no-auth');
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', out.fd, out.fd],
    env: { ...process.env, MCP_HOME: ctx.paths.home },
  });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  child.unref();
  await out.close();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      const tail = (await fs.readFile(logPath, 'utf8').catch(() => ''))
        .trim()
        .split('\n')
        .slice(-10)
        .join('\n');
      throw new PlatformError(
        PlatformErrorCode.ControlFailed,
        `the platform exited during start (code ${exited})`,
        undefined,
        {
          hint: `see ${logPath}:\n${tail}`,
        },
      );
    }
    const client = await findPlatform(ctx.paths);
    if (client && client.info.pid === child.pid) {
      const ready = await fetch(`${client.baseUrl}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) {
        ctx.out.result({ pid: child.pid, url: client.baseUrl, profile, log: logPath }, () => {
          ctx.out.success(`platform running in the background (pid ${child.pid}) at ${client.baseUrl}`);
          ctx.out.line(`logs: ${logPath}; stop it with \`mcp down\``);
        });
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new PlatformError(
    PlatformErrorCode.ControlFailed,
    'the platform did not become ready within 60 s',
    undefined,
    {
      hint: `see ${logPath}`,
    },
  );
}

function teeLogger(a: Logger, b: Logger): Logger {
  return {
    debug: (m, f) => (a.debug(m, f), b.debug(m, f)),
    info: (m, f) => (a.info(m, f), b.info(m, f)),
    warn: (m, f) => (a.warn(m, f), b.warn(m, f)),
    error: (m, f) => (a.error(m, f), b.error(m, f)),
    child: (f) => teeLogger(a.child(f), b.child(f)),
  };
}

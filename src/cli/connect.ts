/**
 * `mcp connect`: a stdio front of the gateway, for clients that can only launch a command (Claude Desktop).
 * It finds the platform of this home (starting one in the background when none runs), opens a session on
 * `/ws` (or `/ws/<server>`) — one WebSocket for the whole session, so a call costs no HTTP request — and
 * relays every JSON-RPC message both ways between its stdin/stdout and that session. With
 * `--transport streamable-http`, or against a platform of an earlier version that has no `/ws`, the session
 * is a Streamable HTTP one on `/mcp` (or `/mcp/<server>`). Stdout carries protocol frames only; everything
 * for people goes to stderr.
 *
 * A platform it starts is a detached `mcp up` (the same as `mcp up --detach`): it outlives this process,
 * serves other clients too, and stops with `mcp down`.
 * @module
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { lookupEnvVar } from '../config/env.js';
import { withLock } from '../config/lock.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import {
  ResumingUpstream,
  TransportRelay,
  type RelayEnd,
  type RelayFailure,
  type UpstreamConnection,
} from '../gateway/index.js';
import { createLogger } from '../observability/logger.js';
import { readRunInfo, readToken, type RunInfo } from '../platform/run-file.js';
import {
  WebSocketClientTransport,
  WebSocketHandshakeError,
  WebSocketMessageTooLargeError,
} from '../transports/websocket-client.js';

import type { CliContext } from './context.js';
import { Output } from './output.js';

/** Flags of `mcp connect`. */
export interface ConnectOptions {
  /** Profile of the platform to start when none runs (a running one with another profile is used, with a warning). */
  profile?: string;
  /** Connect to `/mcp/<server>` (one server, original names) instead of the aggregate. */
  server?: string;
  /** How to talk to the gateway. Default `ws` when the platform serves it, else `streamable-http`. */
  transport?: ConnectTransport;
}

/** The transports `mcp connect` can use towards the gateway. */
export type ConnectTransport = 'ws' | 'streamable-http';

/** The largest frame `mcp connect` accepts from the gateway (answers can be far larger than requests). */
const MAX_ANSWER_BYTES = 1024 * 1024 * 1024;

/** The process streams `mcp connect` relays (injected in tests). */
export interface ConnectIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Keep-alive of the gateway session: a ping every 30 s, answered within 15 s. */
const KEEP_ALIVE = { intervalMs: 30_000, timeoutMs: 15_000 };

/** Runs `mcp connect` until stdin closes (resolves) or the gateway is lost (throws). */
export async function connect(
  ctx: CliContext,
  opts: ConnectOptions,
  io: ConnectIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<void> {
  // Whatever the commands it reuses print for people goes to stderr: stdout is the protocol's.
  const out = new Output({ json: false, color: false, stdout: io.stderr, stderr: io.stderr });
  const quiet: CliContext = { ...ctx, out };
  const logger = createLogger({ level: ctx.debug ? 'debug' : 'warn', format: 'text', stream: io.stderr });

  const info = (await runningPlatform(ctx)) ?? (await startPlatform(quiet, opts.profile));
  if (opts.profile && info.profile !== opts.profile) {
    out.warn(
      `the running platform serves profile "${info.profile}", not "${opts.profile}"; connecting to it anyway`,
    );
  }
  const credentialOf = async (): Promise<string | undefined> =>
    lookupEnvVar('MCP_API_KEY') || (await readToken(ctx.paths).catch(() => undefined));
  let url = gatewayUrl(info, opts);
  // Every connection after the first reads where the platform is and its token anew: a restarted
  // platform may listen elsewhere, with another token.
  let current: RunInfo | undefined = info;
  const upstream = new ResumingUpstream({
    open: async () => {
      const first = current;
      current = undefined;
      const run = first ?? (await runningPlatform(ctx));
      if (!run) throw new Error(`no platform runs for ${ctx.paths.home}`);
      // A platform that restarted: its servers are starting, and calls would find them unavailable.
      if (!first) await untilReady(run);
      url = gatewayUrl(run, opts);
      return gatewayConnection(run, opts, url, await credentialOf());
    },
    classify,
    refused,
    keepAlive: KEEP_ALIVE,
    logger: logger.child({ component: 'connect' }),
    onNotice: (message) => out.warn(message),
  });
  const relay = new TransportRelay({
    client: new StdioServerTransport(io.stdin, io.stdout),
    upstream,
    logger: logger.child({ component: 'connect' }),
    classify,
    beforeUpstreamClose: () => upstream.endSession(),
  });
  // The client leaving (stdin closed, or a signal) ends the gateway session too; a second signal kills.
  const leave = (): void => void relay.close();
  io.stdin.once('end', leave);
  io.stdin.once('close', leave);
  process.once('SIGINT', leave);
  process.once('SIGTERM', leave);
  logger.debug('relaying', { url: url.href, pid: info.pid });
  let end: RelayEnd;
  try {
    await relay.start();
    end = await relay.ended;
  } catch (err) {
    // A WebSocket opens at start: a refused upgrade (401, 404) or nothing listening surfaces here.
    await relay.close().catch(() => undefined);
    throw describeUpstreamLoss(err instanceof Error ? err : new Error(String(err)), url, opts.server, false);
  } finally {
    io.stdin.off('end', leave);
    io.stdin.off('close', leave);
    process.off('SIGINT', leave);
    process.off('SIGTERM', leave);
  }
  if (end.reason === 'client-closed') return;
  if (end.reason === 'client-lost') throw failure(`cannot write to stdout: ${end.error.message}`, url);
  throw describeUpstreamLoss(end.error, url, opts.server, upstream.hadSession);
}

/** The transport `mcp connect` uses towards this platform: `ws` when it serves `/ws`, else Streamable HTTP. */
function transportOf(info: RunInfo, opts: ConnectOptions): ConnectTransport {
  return opts.transport ?? (info.maxBodyBytes !== undefined ? 'ws' : 'streamable-http');
}

/** The gateway endpoint of a platform: `/ws` (`/ws/<server>`) or `/mcp` (`/mcp/<server>`). */
function gatewayUrl(info: RunInfo, opts: ConnectOptions): URL {
  const ws = transportOf(info, opts) === 'ws';
  const root = ws ? '/ws' : '/mcp';
  const base = baseUrlOf(info);
  return new URL(
    opts.server ? `${root}/${encodeURIComponent(opts.server)}` : root,
    ws ? base.replace(/^http/, 'ws') : base,
  );
}

/** One connection to the gateway: a WebSocket on `/ws`, or a Streamable HTTP session on `/mcp`. */
function gatewayConnection(
  info: RunInfo,
  opts: ConnectOptions,
  url: URL,
  credential: string | undefined,
): UpstreamConnection {
  const headers: Record<string, string> = credential ? { authorization: `Bearer ${credential}` } : {};
  if (transportOf(info, opts) === 'ws') {
    // The gateway closes a socket whose frame is over its limit: a request that large is refused here
    // with an error instead, and the session goes on. Closing the socket ends the session.
    const transport = new WebSocketClientTransport(url, {
      headers,
      maxPayloadBytes: MAX_ANSWER_BYTES,
      ...(info.maxBodyBytes !== undefined ? { maxMessageBytes: info.maxBodyBytes } : {}),
    });
    return { transport };
  }
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers },
    reconnectionOptions: {
      initialReconnectionDelay: 500,
      maxReconnectionDelay: 5000,
      reconnectionDelayGrowFactor: 2,
      maxRetries: 3,
    },
  });
  return { transport, endSession: () => transport.terminateSession() };
}

/** Answers of the gateway that end a session and that no new connection cures: credentials, unknown server. */
const REFUSALS = [401, 403, 404];

/** Whether an error is a refusal no retry cures. */
function refused(error: Error): boolean {
  return REFUSALS.includes(statusOf(error) ?? 0);
}

/** How the relay treats an error of the gateway connection. */
function classify(error: Error): RelayFailure {
  if (error instanceof WebSocketMessageTooLargeError) return 'transient';
  if (error instanceof WebSocketHandshakeError) return 'fatal';
  if (error instanceof StreamableHTTPError) return refused(error) ? 'fatal' : 'transient';
  // fetch() rejects with a TypeError when nothing answers at the address.
  if (error instanceof TypeError) return 'fatal';
  if (/Maximum reconnection attempts/.test(error.message)) return 'fatal';
  return 'transient';
}

function describeUpstreamLoss(
  error: Error,
  url: URL,
  server: string | undefined,
  hadSession: boolean,
): PlatformError {
  if (statusOf(error) === 401) {
    return failure(`the gateway at ${url.href} refused the credentials`, url, {
      hint: 'set MCP_API_KEY to a key with the mcp scope (`mcp key create --name <client>`), or run as the user that runs the platform',
      cause: error,
    });
  }
  if (statusOf(error) === 404 && !hadSession && server) {
    return failure(`the running profile has no server named "${server}"`, url, {
      hint: 'see `mcp status` for its servers',
      cause: error,
    });
  }
  const what = hadSession ? 'lost the gateway' : 'cannot reach the gateway';
  return failure(`${what} at ${url.href}: ${error.message}`, url, {
    hint: 'check `mcp status`; start the platform again with `mcp up --detach` and restart the client',
    cause: error,
  });
}

/** The HTTP status an error of either transport carries, if any. */
function statusOf(error: Error): number | undefined {
  if (error instanceof StreamableHTTPError) return error.code;
  if (error instanceof WebSocketHandshakeError) return error.status;
  return undefined;
}

function failure(message: string, url: URL, options: { hint?: string; cause?: unknown } = {}): PlatformError {
  return new PlatformError(PlatformErrorCode.ControlFailed, message, { url: url.href }, options);
}

/** The run info of the platform running for this home, if any (the token may be unreadable: keys still work). */
async function runningPlatform(ctx: CliContext): Promise<RunInfo | undefined> {
  const run = await readRunInfo(ctx.paths);
  return run.info && !run.stale ? run.info : undefined;
}

/**
 * Starts the platform in the background (`mcp up --detach`) and returns its run info. A lock in `run/`
 * keeps clients launched together (a desktop app starting several) from starting it twice.
 */
async function startPlatform(ctx: CliContext, profile: string | undefined): Promise<RunInfo> {
  await fs.mkdir(ctx.paths.run, { recursive: true, mode: 0o700 });
  const start = async (): Promise<RunInfo | undefined> => {
    const started = await runningPlatform(ctx);
    if (started) return started;
    ctx.out.warn(`no platform runs for ${ctx.paths.home}: starting one in the background`);
    const { up } = await import('./up.js');
    await up(ctx, { detach: true, ...(profile ? { profile } : {}) });
    return runningPlatform(ctx);
  };
  let info: RunInfo | undefined;
  try {
    info = await withLock(ctx.paths.run, path.join(ctx.paths.run, 'start.lock'), start);
  } catch (err) {
    // Another `mcp connect` holds the lock for a slow start: wait for its platform instead.
    if (!(err instanceof PlatformError && err.code === PlatformErrorCode.LockTimeout)) throw err;
    for (const deadline = Date.now() + 60_000; !info && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 200));
      info = await runningPlatform(ctx);
    }
  }
  if (!info) {
    throw new PlatformError(
      PlatformErrorCode.PlatformNotRunning,
      `no platform runs for ${ctx.paths.home} and none could be started`,
      { home: ctx.paths.home },
      { hint: `see ${path.join(ctx.paths.logs, 'platform.log')}` },
    );
  }
  return info;
}

/**
 * Waits until the platform answers `/ready` (every server of its profile had its first start), for at most
 * `timeoutMs`; a platform that does not get there is used as it is. Throws when nothing answers at all.
 */
async function untilReady(info: RunInfo, timeoutMs = 15_000): Promise<void> {
  const url = `${baseUrlOf(info)}/ready`;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    if (res.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function baseUrlOf(info: RunInfo): string {
  const host = info.host === '0.0.0.0' || info.host === '::' ? '127.0.0.1' : info.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
}

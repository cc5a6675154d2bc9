/**
 * `mcp status`, `mcp health` and `mcp down`: read the running platform through its local API.
 * When none runs, status shows the desired state with every server `stopped`.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { findPlatform } from '../platform/control-client.js';
import { isAlive, readRunInfo } from '../platform/run-file.js';
import { idleStatus, type PlatformStatus, type ServerStatus } from '../platform/status.js';
import { packageVersion } from './main.js';

import type { CliContext } from './context.js';
import type { Output } from './output.js';

/** The status of the running platform, or the desired state as `stopped` when none runs. */
export async function loadStatus(ctx: CliContext): Promise<PlatformStatus> {
  const client = await findPlatform(ctx.paths);
  if (client) return client.get<PlatformStatus>('/api/v1/status');
  const { config } = await (await ctx.config()).load();
  const profile = config.profiles[config.activeProfile]!;
  const servers: ServerStatus[] = profile.servers.map((name) => {
    const s = config.servers[name]!;
    return idleStatus(name, s.type, s.type === 'stdio' ? 'stdio' : s.transport);
  });
  return {
    platform: {
      running: false,
      pid: null,
      profile: config.activeProfile,
      startedAt: null,
      url: null,
      version: packageVersion(),
    },
    health: 'down',
    servers,
  };
}

/** Formats milliseconds as `1h2m`, `3m4s`, `5s`. */
export function duration(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

/** Formats bytes as MB. */
export function megabytes(b: number | null): string {
  return b === null ? '-' : `${(b / 1024 / 1024).toFixed(1)} MB`;
}

/** Colours a state: green running, yellow transitional, red broken. */
export function paintState(out: Output, state: string): string {
  if (state === 'running' || state === 'ok') return out.paint('green', state);
  if (['crash-loop', 'failed', 'down'].includes(state)) return out.paint('red', state);
  if (state === 'stopped') return out.paint('gray', state);
  return out.paint('yellow', state);
}

/** Prints the server table of a status. */
export function printServers(ctx: CliContext, servers: ServerStatus[]): void {
  ctx.out.table(
    servers.map((s) => ({
      name: s.name,
      state: s.state,
      transport: s.transport,
      pid: s.pid,
      uptime: duration(s.uptimeMs),
      restarts: s.restarts,
      cpu: s.cpu === null ? '-' : `${s.cpu.toFixed(1)}%`,
      rss: megabytes(s.rssBytes),
      tools: s.tools,
      error: s.state === 'running' ? '' : (s.lastError?.message ?? ''),
    })),
    [
      { key: 'name', label: 'SERVER' },
      { key: 'state', label: 'STATE', style: (v) => paintState(ctx.out, v) },
      { key: 'transport', label: 'TRANSPORT' },
      { key: 'pid', label: 'PID' },
      { key: 'uptime', label: 'UPTIME' },
      { key: 'restarts', label: 'RESTARTS' },
      { key: 'cpu', label: 'CPU' },
      { key: 'rss', label: 'RSS' },
      { key: 'tools', label: 'TOOLS' },
      { key: 'error', label: 'LAST ERROR' },
    ],
  );
}

/** `mcp status`. */
export async function status(ctx: CliContext): Promise<void> {
  const st = await loadStatus(ctx);
  ctx.out.result(st, () => {
    const p = st.platform;
    if (p.running)
      ctx.out.line(
        `platform: ${paintState(ctx.out, st.health)} · pid ${p.pid} · ${p.url} · profile "${p.profile}" · since ${p.startedAt}`,
      );
    else
      ctx.out.line(
        `platform: ${ctx.out.paint('gray', 'not running')} · profile "${p.profile}" (start it with \`mcp up\`)`,
      );
    ctx.out.line();
    printServers(ctx, st.servers);
  });
}

/** `mcp health [name]`: exit code 1 when anything is unhealthy or the platform is not running. */
export async function health(ctx: CliContext, name?: string): Promise<void> {
  const st = await loadStatus(ctx);
  let servers = st.servers;
  if (name) {
    servers = servers.filter((s) => s.name === name);
    if (servers.length === 0) {
      throw new PlatformError(
        PlatformErrorCode.ServerNotFound,
        `server "${name}" is not in profile "${st.platform.profile}"`,
        { name },
      );
    }
  }
  const verdict = !st.platform.running
    ? 'down'
    : name
      ? servers[0]!.state === 'running'
        ? 'ok'
        : 'down'
      : st.health;
  ctx.out.result({ status: verdict, running: st.platform.running, servers }, () => {
    ctx.out.line(
      `health: ${paintState(ctx.out, verdict)}${st.platform.running ? '' : ' (platform not running)'}`,
    );
    printServers(ctx, servers);
    for (const s of servers) {
      if (s.state !== 'running' && s.lastLines.length) {
        ctx.out.line();
        ctx.out.line(ctx.out.paint('bold', `${s.name}: last lines`));
        for (const l of s.lastLines.slice(-5)) ctx.out.line(`  ${l}`);
      }
    }
  });
  if (verdict !== 'ok') process.exitCode = 1;
}

/** `mcp down`: SIGTERM to the platform, then wait for it to exit. */
export async function down(ctx: CliContext, opts: { timeout?: string }): Promise<void> {
  const run = await readRunInfo(ctx.paths);
  if (!run.info || run.stale) {
    ctx.out.result({ stopped: false, running: false }, () => ctx.out.line('no platform is running'));
    return;
  }
  const { pid } = run.info;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + Number(opts.timeout ?? 30) * 1000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    throw new PlatformError(
      PlatformErrorCode.ControlFailed,
      `the platform (pid ${pid}) did not stop within ${opts.timeout ?? 30} s`,
      { pid },
      {
        hint: `check ${ctx.paths.logs}/platform.log; kill it with \`kill -9 ${pid}\` as a last resort`,
      },
    );
  }
  ctx.out.result({ stopped: true, pid }, () => ctx.out.success(`platform (pid ${pid}) stopped`));
}

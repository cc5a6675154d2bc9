/**
 * One supervised stdio server: drives the pure state machine and performs its effects (start a run, arm the
 * restart timer, stop). The supervisor holds one per configured server.
 * @module
 */
import { emptyTraffic } from '../core/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { StdioServerConfig } from '../config/schema.js';

import type { RuntimeError } from './errors.js';
import type { ServerErrorInfo, ServerHealth } from './health.js';
import type { ResolvedSupervisorOptions } from './options.js';
import type { ProcessReaper } from './reaper-client.js';
import type { ResourceUsage } from './resource-sampler.js';
import { openPrivateRun, type PrivateUpstream } from './private-upstream.js';
import { ServerLogs } from './server-logs.js';
import { ServerRun, type ServerRunHooks } from './server-run.js';
import { EMPTY_HISTORY, ServerState as S, nextState, type ServerEvent } from './state-machine.js';

/** A state change of one server, as emitted on the supervisor's `state` event. */
export interface StateChange {
  readonly name: string;
  readonly from: S;
  readonly to: S;
  /** Epoch ms. */
  readonly at: number;
  /** The process's pid, if one is alive. */
  readonly pid: number | undefined;
  /** On entering `backoff` / `crash-loop`: delay until the automatic restart. */
  readonly delayMs?: number;
  /** On entering `backoff` / `crash-loop` / `failed`: why the run ended. */
  readonly error?: ServerErrorInfo;
}

const TRANSIENT = new Set<S>([S.Starting, S.Stopping, S.Waiting]);

/** The lifecycle driver of one server (internal to the supervisor). */
export class ManagedServer {
  /** Captured stderr and supervisor notes. */
  readonly logs: ServerLogs;
  /** Last resource sample of the process tree, set by the supervisor. */
  usage: ResourceUsage | undefined;
  private current: S = S.Stopped;
  private history = EMPTY_HISTORY;
  private run: ServerRun | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private nextRestartAt: number | undefined;
  private restarts = 0;
  private lastError: ServerErrorInfo | undefined;
  private dropped = 0;
  private readonly traffic = emptyTraffic();
  private tools: number | undefined;
  private pingLatencyMs: number | undefined;
  private settleWaiters: Array<(s: S) => void> = [];
  private readonly hooks: ServerRunHooks;

  constructor(
    readonly name: string,
    readonly config: StdioServerConfig,
    private readonly o: ResolvedSupervisorOptions,
    private readonly reaper: ProcessReaper | undefined,
    private readonly onState: (change: StateChange) => void,
  ) {
    this.logs = new ServerLogs(name, {
      logsDir: o.logsDir,
      file: o.logFile,
      ring: o.logRing,
      clock: o.clock,
      logger: o.logger,
    });
    this.hooks = {
      wanted: (run) => this.run === run && this.current === S.Starting,
      active: (run) => this.run === run && (this.current === S.Starting || this.current === S.Running),
      ready: (run, tools) => {
        this.tools = tools;
        if (this.run === run) this.dispatch({ type: 'ready' });
      },
      ended: (run, reason) => this.ended(run, reason),
      droppedLine: () => (this.dropped += 1),
      pinged: (ms) => (this.pingLatencyMs = ms),
      traffic: this.traffic,
    };
  }

  /** Current state. */
  get state(): S {
    return this.current;
  }

  /** Pid of the live process. */
  get pid(): number | undefined {
    return this.run?.pid;
  }

  /** The upstream session while `running`. */
  get client(): Client | undefined {
    return this.current === S.Running ? this.run?.client : undefined;
  }

  /** Starts now (also out of backoff, crash-loop, failed or waiting, with a fresh restart history). */
  start(): void {
    this.clearRetry();
    this.dispatch({ type: 'start' });
  }

  /** Marks the server as waiting for its dependencies. */
  wait(): void {
    this.clearRetry();
    this.dispatch({ type: 'wait' });
  }

  /** Stops: cancels a pending restart, or closes stdin, SIGTERMs, SIGKILLs the group. Resolves when gone. */
  async stop(): Promise<void> {
    this.clearRetry();
    const run = this.run;
    this.dispatch({ type: 'stop' });
    if (this.current !== S.Stopping || !run) return;
    void run.terminate(this.o.stopGrace);
    await run.exited;
  }

  /** Spawns a private run of this server for one client session (see `private-upstream.ts`). */
  openPrivate(capabilities: ClientCapabilities): Promise<PrivateUpstream> {
    return openPrivateRun(
      {
        name: this.name,
        config: this.config,
        options: this.o,
        reaper: this.reaper,
        logs: this.logs,
        traffic: this.traffic,
      },
      capabilities,
    );
  }

  /** Resolves with the state once it is not transient (`starting`, `stopping`, `waiting`). */
  settled(): Promise<S> {
    if (!TRANSIENT.has(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /** A health record with the last `tailLines` log lines. */
  health(tailLines: number): ServerHealth {
    const pid = this.pid;
    const startedAt = pid === undefined ? undefined : this.run?.startedAt;
    return {
      name: this.name,
      state: this.current,
      pid,
      uptimeMs: startedAt === undefined ? undefined : this.o.clock.now() - startedAt,
      restarts: this.restarts,
      lastError: this.lastError,
      nextRestartAt: this.nextRestartAt,
      lastLines: this.logs.tail(tailLines),
      cpuPercent: pid === undefined ? undefined : this.usage?.cpuPercent,
      rssBytes: pid === undefined ? undefined : this.usage?.rssBytes,
      tools: this.tools,
      droppedLines: this.dropped,
      traffic: { ...this.traffic },
      pingLatencyMs: this.pingLatencyMs,
      pingFailures: this.run?.pingFailures ?? 0,
    };
  }

  private dispatch(event: ServerEvent): void {
    const from = this.current;
    const now = this.o.clock.now();
    const t = nextState(from, event, {
      now,
      random: this.o.random,
      policy: this.o.restart,
      history: this.history,
    });
    if (!t.changed) return;
    this.current = t.state;
    this.history = t.history;
    let run: ServerRun | undefined;
    if (t.state === S.Starting) {
      run = new ServerRun(this.name, this.config, this.o, this.reaper, this.logs, this.hooks);
      this.run = run;
    }
    if (t.delayMs !== undefined) this.scheduleRetry(t.delayMs);
    const failed = t.state === S.Backoff || t.state === S.CrashLoop || t.state === S.Failed;
    this.onState({
      name: this.name,
      from,
      to: t.state,
      at: now,
      pid: this.pid,
      ...(t.delayMs === undefined ? {} : { delayMs: t.delayMs }),
      ...(failed && this.lastError ? { error: this.lastError } : {}),
    });
    if (!TRANSIENT.has(t.state)) for (const resolve of this.settleWaiters.splice(0)) resolve(t.state);
    if (run) void run.launch();
  }

  /** A run is over: record why (unless it was asked to stop) and let the machine decide what comes next. */
  private ended(run: ServerRun, reason: RuntimeError | undefined): void {
    if (this.run !== run) return;
    this.run = undefined;
    if (this.current !== S.Stopping && reason) {
      this.lastError = { code: reason.code, message: reason.message, at: this.o.clock.now() };
      this.o.logger.warn('server run ended', { server: this.name, code: reason.code, error: reason.message });
    }
    this.dispatch({ type: 'exit', retryable: reason?.retryable ?? true });
  }

  private scheduleRetry(delayMs: number): void {
    this.clearRetry();
    this.nextRestartAt = this.o.clock.now() + delayMs;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.nextRestartAt = undefined;
      if (this.current !== S.Backoff && this.current !== S.CrashLoop) return;
      this.restarts += 1;
      this.dispatch({ type: 'retry' });
    }, delayMs);
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextRestartAt = undefined;
  }
}

/**
 * One spawn-to-exit cycle of a server: environment, process, stdio transport, MCP session, pings, and the kill.
 * The owning `ManagedServer` decides what a run's end means (restart, stop, fail).
 * @module
 */
import type { TrafficCounters } from '../core/types.js';
import type { ChildProcess } from 'node:child_process';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import type { StdioServerConfig } from '../config/schema.js';
import { PingMonitor } from '../core/ping-monitor.js';
import { unrefTimers } from '../core/types.js';
import { PlatformErrorCode, errorMessage } from '../errors.js';

import { buildChildEnv } from './child-env.js';
import { ChildProcessTransport } from './child-process-transport.js';
import { connectUpstream } from './connect-upstream.js';
import { RuntimeError, exitedError, isRuntimeError, spawnFailedError } from './errors.js';
import type { ResolvedSupervisorOptions } from './options.js';
import { hasExited, signalGroup, stopProcessGroup, type StopGrace } from './process-group.js';
import type { ProcessReaper } from './reaper-client.js';
import type { ServerLogs } from './server-logs.js';

/** How a run talks back to its owner. */
export interface ServerRunHooks {
  /** Whether the owner still wants this run to proceed towards `running` (false once stopped or superseded). */
  wanted(run: ServerRun): boolean;
  /** Whether the run is live from the owner's view (`starting` or `running`), so a failure may end it. */
  active(run: ServerRun): boolean;
  /** `initialize` and the tool count are done; `run.client` is set. */
  ready(run: ServerRun, tools: number): void;
  /** The run is over: the process exited, or never started. `reason` says why, when known. */
  ended(run: ServerRun, reason: RuntimeError | undefined): void;
  /** A non-protocol stdout line was dropped. */
  droppedLine(sample: string): void;
  /** A ping succeeded. */
  pinged(latencyMs: number): void;
  /** Traffic counters of the server, shared by all its runs. */
  readonly traffic: TrafficCounters;
}

/** How long a closed stdout may precede the exit before it counts as a lost connection of a live process. */
const CONNECTION_LOSS_GRACE_MS = 1000;

/** A single run. Create one per start; call {@link launch}; it calls `hooks.ended` exactly once. */
export class ServerRun {
  /** The initialized session, once ready. */
  client: Client | undefined;
  /** When the process was spawned. */
  startedAt: number | undefined;
  /** Resolves after `hooks.ended` was called. */
  readonly exited: Promise<void>;
  private child: ChildProcess | undefined;
  private ping: PingMonitor | undefined;
  /** Why the supervisor ended this run; set before it kills the process, and wins over the exit status. */
  private failure: RuntimeError | undefined;
  private terminating: Promise<void> | undefined;
  private done = false;
  private markExited!: () => void;

  constructor(
    private readonly name: string,
    private readonly config: StdioServerConfig,
    private readonly o: ResolvedSupervisorOptions,
    private readonly reaper: ProcessReaper | undefined,
    private readonly logs: ServerLogs,
    private readonly hooks: ServerRunHooks,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  /** Pid of the live process. */
  get pid(): number | undefined {
    return this.child && !hasExited(this.child) ? this.child.pid : undefined;
  }

  /** Whether a process was spawned (it may have exited since). */
  get spawned(): boolean {
    return this.child !== undefined;
  }

  /** Consecutive failed pings. */
  get pingFailures(): number {
    return this.ping?.failureStreak ?? 0;
  }

  /** Resolves env, spawns, connects; reports through the hooks. */
  async launch(): Promise<void> {
    const { command, args, cwd } = this.config;
    let env: Record<string, string>;
    try {
      env = await buildChildEnv(this.config.env, this.o.resolvers);
    } catch (err) {
      return this.end(isRuntimeError(err) ? err : undefined);
    }
    if (!this.hooks.wanted(this)) return this.end(undefined);
    let child: ChildProcess;
    try {
      child = this.o.spawnFn(command, args, { cwd, env, detached: true, stdio: 'pipe', windowsHide: true });
    } catch (err) {
      return this.end(spawnFailedError(command, err));
    }
    if (child.pid === undefined) {
      const err = await new Promise<Error>((resolve) => child.once('error', resolve));
      return this.end(spawnFailedError(command, err));
    }
    this.attach(child, child.pid);
    await this.connect(child);
  }

  /** Ends a misbehaving run: remembers why, then kills the group (skipping the stdin grace). */
  fail(error: RuntimeError): void {
    if (this.failure || this.done || !this.hooks.active(this)) return;
    this.failure = error;
    this.logs.note(`${error.message}; killing the process group`);
    void this.terminate({ stdinMs: 0, termMs: this.o.stopGrace.termMs });
  }

  /** Stops the process group with the given grace periods (idempotent). Resolves when the leader is gone. */
  terminate(grace: StopGrace): Promise<void> {
    if (!this.child) return Promise.resolve();
    this.terminating ??= stopProcessGroup(this.child, this.o.kill, grace).catch((err: unknown) =>
      this.o.logger.error('cannot stop server process group', {
        server: this.name,
        error: errorMessage(err),
      }),
    );
    return this.terminating;
  }

  private attach(child: ChildProcess, pid: number): void {
    this.child = child;
    this.startedAt = this.o.clock.now();
    this.reaper?.register(pid);
    this.logs.note(`started pid ${pid}: ${[this.config.command, ...this.config.args].join(' ')}`);
    child.on('error', (err) =>
      this.o.logger.warn('server process error', { server: this.name, error: errorMessage(err) }),
    );
    child.stdin!.on('error', () => undefined); // EPIPE after the server exited; the exit handler reports it
    child.stderr!.on('data', (chunk: Buffer) => this.logs.write(chunk));
    child.once('exit', (code, signal) => this.onExit(pid, code, signal));
  }

  private async connect(child: ChildProcess): Promise<void> {
    const transport = new ChildProcessTransport(child.stdout!, child.stdin!, {
      maxFrameBytes: this.o.maxFrameBytes,
      traffic: this.hooks.traffic,
      onDroppedLine: (sample) => {
        this.hooks.droppedLine(sample);
        this.logs.note(`dropped non-protocol stdout line: ${sample}`);
      },
    });
    transport.onerror = (err) => {
      if (isRuntimeError(err) && err.code === PlatformErrorCode.FrameTooLarge) this.fail(err);
    };
    try {
      const session = await connectUpstream(transport, {
        timeoutMs: this.o.startTimeoutMs,
        clientInfo: this.o.clientInfo,
        capabilities: this.o.clientCapabilities,
      });
      if (!this.hooks.wanted(this) || this.done) {
        await session.client.close();
        return;
      }
      this.client = session.client;
      session.client.onclose = () => this.connectionClosed('run');
      this.hooks.ready(this, session.tools);
      this.startPing(session.client);
    } catch (err) {
      if (isRuntimeError(err) && err.code === PlatformErrorCode.ConnectionLost)
        this.connectionClosed('start');
      else
        this.fail(
          isRuntimeError(err) ? err : new RuntimeError(PlatformErrorCode.InitializeFailed, errorMessage(err)),
        );
    }
  }

  private startPing(client: Client): void {
    const { intervalMs, timeoutMs, maxFailures } = this.o.ping;
    if (intervalMs <= 0) return;
    this.ping = new PingMonitor({
      ping: (signal) => client.ping({ signal }),
      intervalMs,
      timeoutMs,
      maxFailures,
      clock: this.o.clock,
      timers: unrefTimers,
      onSuccess: (latencyMs) => this.hooks.pinged(latencyMs),
      onHang: (err) =>
        this.fail(
          new RuntimeError(
            PlatformErrorCode.ServerUnresponsive,
            `server stopped answering pings (${maxFailures} failed)`,
            {
              failures: maxFailures,
              cause: errorMessage(err),
            },
          ),
        ),
    });
    this.ping.start();
  }

  /** stdout closed. Usually the process is exiting (its exit status then tells more); if it lives on, kill it. */
  private connectionClosed(phase: 'start' | 'run'): void {
    const timer = setTimeout(() => {
      if (this.child && !hasExited(this.child)) {
        this.fail(new RuntimeError(PlatformErrorCode.ConnectionLost, 'server closed its stdout', { phase }));
      }
    }, CONNECTION_LOSS_GRACE_MS);
    timer.unref();
  }

  private onExit(pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    this.ping?.stop();
    void this.client?.close().catch(() => undefined);
    // The leader is gone; anything it left in its group is an orphan now.
    try {
      signalGroup(this.o.kill, pid, 'SIGKILL');
    } catch {
      // EPERM: not ours to kill.
    }
    this.reaper?.unregister(pid);
    this.logs.flush();
    this.logs.note(`pid ${pid} ${signal ? `killed by ${signal}` : `exited with code ${code}`}`);
    this.end(exitedError(code, signal, this.client ? 'run' : 'start'));
  }

  private end(exitReason: RuntimeError | undefined): void {
    if (this.done) return;
    this.done = true;
    this.hooks.ended(this, this.failure ?? exitReason);
    this.markExited();
  }
}

/**
 * The process supervisor: runs every configured stdio MCP server as a supervised child, keeps an initialized
 * SDK `Client` per server, restarts crashed ones with backoff, captures their logs and samples their resources.
 * @module
 */
import { EventEmitter } from 'node:events';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { StdioServerConfig } from '../config/schema.js';
import { PlatformError, PlatformErrorCode, errorMessage } from '../errors.js';

import { assertAcyclic, dependencyClosure, stopWaves, type DependencyGraph } from './dependencies.js';
import { aggregateStatus, type ServerHealth, type SupervisorHealth } from './health.js';
import { ManagedServer, type StateChange } from './managed-server.js';
import {
  resolveSupervisorOptions,
  type ResolvedSupervisorOptions,
  type SupervisorOptions,
} from './options.js';
import type { PrivateUpstream } from './private-upstream.js';
import { ProcessReaper } from './reaper-client.js';
import { ResourceSampler } from './resource-sampler.js';
import type { LogListener } from './server-logs.js';
import { ServerState } from './state-machine.js';

/** A log line of one server, as emitted on the `log` event. */
export interface LogLine {
  readonly name: string;
  readonly line: string;
}

/** Events of {@link ProcessSupervisor}. */
export interface SupervisorEvents {
  /** A server changed state. */
  state: [change: StateChange];
  /** A server wrote a stderr line (or the supervisor noted something about it). */
  log: [line: LogLine];
}

/**
 * Supervises stdio MCP servers.
 * @example
 * const sup = new ProcessSupervisor({ logsDir: homePaths(home).logs, resolvers });
 * for (const [name, s] of Object.entries(config.servers)) if (isStdioServer(s)) sup.add(name, s);
 * sup.on('state', (c) => logger.info(`${c.name}: ${c.from} -> ${c.to}`));
 * await sup.startAll();
 * const client = sup.getClient('github'); // SDK Client, initialized
 * await sup.close();
 */
export class ProcessSupervisor extends EventEmitter<SupervisorEvents> {
  private readonly o: ResolvedSupervisorOptions;
  private readonly servers = new Map<string, ManagedServer>();
  private readonly reaper: ProcessReaper | undefined;
  private readonly sampler: ResourceSampler;
  private sampleTimer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(options: SupervisorOptions) {
    super();
    this.o = resolveSupervisorOptions(options);
    this.reaper =
      this.o.reaper === false
        ? undefined
        : new ProcessReaper({ ...this.o.reaper, spawnFn: this.o.spawnFn, logger: this.o.logger });
    this.sampler = new ResourceSampler(this.o.processTable, this.o.clock);
  }

  /** Whether `name` is a managed server. */
  has(name: string): boolean {
    return this.servers.has(name);
  }

  /** Names of the managed servers, in insertion order. */
  get names(): string[] {
    return [...this.servers.keys()];
  }

  /** Adds a server (in `stopped`). Throws `SERVER_EXISTS` if the name is taken. */
  add(name: string, config: StdioServerConfig): void {
    if (this.servers.has(name)) {
      throw new PlatformError(PlatformErrorCode.ServerExists, `server "${name}" is already supervised`, {
        name,
      });
    }
    const server = new ManagedServer(name, config, this.o, this.reaper, (change) => this.onState(change));
    server.logs.follow((line) => this.emit('log', { name, line }));
    this.servers.set(name, server);
  }

  /** Stops a server and forgets it. */
  async remove(name: string): Promise<void> {
    const server = this.get(name);
    await server.stop();
    server.logs.close();
    this.servers.delete(name);
  }

  /**
   * Starts one server and, first, the servers it depends on. Resolves with its state once its first attempt
   * settled: `running`, `backoff` / `crash-loop` (it keeps retrying), `failed`, or `waiting` (a dependency is
   * not running; it starts when the dependency does).
   */
  async start(name: string): Promise<ServerState> {
    this.get(name);
    return (await this.startMany([name], () => true))[name]!;
  }

  /**
   * Starts every enabled server in parallel, dependencies first; a dependent waits until its dependencies run.
   * Throws `DEPENDENCY_CYCLE` before starting anything if `dependsOn` has a cycle. Resolves with each server's
   * settled state (see {@link start}).
   */
  startAll(): Promise<Record<string, ServerState>> {
    const enabled = [...this.servers.values()].filter((s) => s.config.enabled).map((s) => s.name);
    return this.startMany(enabled, (n) => this.servers.get(n)?.config.enabled === true);
  }

  /** Stops one server gracefully (stdin close, SIGTERM, SIGKILL to its group). */
  async stop(name: string): Promise<void> {
    await this.get(name).stop();
  }

  /** Stops every server, dependents before their dependencies. */
  async stopAll(): Promise<void> {
    for (const wave of stopWaves(this.graph())) {
      await Promise.all(wave.map((n) => this.servers.get(n)?.stop()));
    }
  }

  /** Stops and starts one server; this resets its restart history (a way out of `crash-loop` and `failed`). */
  async restart(name: string): Promise<ServerState> {
    await this.get(name).stop();
    return this.start(name);
  }

  /** The initialized SDK client of a running server, or undefined when it is not running. */
  getClient(name: string): Client | undefined {
    return this.get(name).client;
  }

  /**
   * Spawns a private run of a server for one client session, declaring `capabilities` (see
   * `private-upstream.ts`). It is not restarted and not counted in the server's state.
   */
  openPrivate(name: string, capabilities: ClientCapabilities): Promise<PrivateUpstream> {
    return this.get(name).openPrivate(capabilities);
  }

  /** The state of a server. */
  state(name: string): ServerState {
    return this.get(name).state;
  }

  /** Health of one server, with its last `tailLines` log lines. */
  health(name: string, tailLines = 20): ServerHealth {
    return this.get(name).health(tailLines);
  }

  /** Health of every server, and the verdict. */
  healthAll(tailLines = 20): SupervisorHealth {
    const servers = [...this.servers.values()].map((s) => s.health(tailLines));
    return { status: aggregateStatus(servers.map((s) => s.state)), servers };
  }

  /** The last `n` log lines (stderr and supervisor notes) of a server, oldest first. */
  tail(name: string, n = 50): string[] {
    return this.get(name).logs.tail(n);
  }

  /** Follows a server's new log lines; returns the unsubscribe function. */
  follow(name: string, listener: LogListener): () => void {
    return this.get(name).logs.follow(listener);
  }

  /** Path of a server's live log file. */
  logFile(name: string): string {
    return this.get(name).logs.filePath;
  }

  /** Stops everything, ends sampling and the reaper, closes log files. */
  async close(): Promise<void> {
    await this.stopAll();
    clearInterval(this.sampleTimer);
    this.sampleTimer = undefined;
    for (const s of this.servers.values()) s.logs.close();
    await this.reaper?.close();
  }

  private async startMany(
    names: string[],
    include: (name: string) => boolean,
  ): Promise<Record<string, ServerState>> {
    const graph = this.graph();
    assertAcyclic(graph);
    const wanted = dependencyClosure(graph, names, include);
    this.ensureSampling();
    // A server still stopping would ignore the start: let it finish first.
    const stopping = [...wanted]
      .map((n) => this.servers.get(n)!)
      .filter((s) => s.state === ServerState.Stopping);
    await Promise.all(stopping.map((s) => s.settled()));
    for (const name of wanted) {
      const server = this.servers.get(name)!;
      if (server.state === ServerState.Running || server.state === ServerState.Starting) continue;
      if (this.depsRunning(server)) server.start();
      else server.wait();
    }
    const memo = new Map<string, Promise<ServerState>>();
    const settle = (name: string): Promise<ServerState> => {
      let p = memo.get(name);
      if (!p) {
        p = this.settle(name, settle);
        memo.set(name, p);
      }
      return p;
    };
    const out: Record<string, ServerState> = {};
    await Promise.all([...wanted].map(async (n) => (out[n] = await settle(n))));
    return out;
  }

  /** A server has settled once its dependencies settled and it left `starting` (a waiting one may stay waiting). */
  private async settle(name: string, settle: (n: string) => Promise<ServerState>): Promise<ServerState> {
    const server = this.servers.get(name)!;
    await Promise.all(this.managedDeps(server).map((d) => settle(d)));
    if (server.state === ServerState.Waiting && !this.depsRunning(server)) return ServerState.Waiting;
    return server.settled();
  }

  private onState(change: StateChange): void {
    try {
      this.emit('state', change);
    } catch (err) {
      this.o.logger.error('state listener threw', { server: change.name, error: errorMessage(err) });
    }
    if (change.to !== ServerState.Running) return;
    // A dependency came up: start whoever was waiting for it and has nothing else to wait for.
    for (const s of this.servers.values()) {
      if (s.state === ServerState.Waiting && this.depsRunning(s)) s.start();
    }
  }

  private ensureSampling(): void {
    if (this.sampleTimer || this.o.sampleIntervalMs <= 0) return;
    this.sampleTimer = setInterval(() => void this.sample(), this.o.sampleIntervalMs);
    this.sampleTimer.unref();
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const live = [...this.servers.values()].filter((s) => s.pid !== undefined);
      const usage = await this.sampler.sample(live.map((s) => s.pid!));
      for (const s of live) s.usage = s.pid === undefined ? undefined : usage.get(s.pid);
    } catch (err) {
      this.o.logger.warn('resource sampling failed', { error: errorMessage(err) });
    } finally {
      this.sampling = false;
    }
  }

  private graph(): DependencyGraph {
    return new Map([...this.servers].map(([n, s]) => [n, this.managedDeps(s)]));
  }

  /** Dependencies this supervisor manages; others (remote servers) are not its to wait for. */
  private managedDeps(server: ManagedServer): string[] {
    return server.config.dependsOn.filter((d) => this.servers.has(d));
  }

  private depsRunning(server: ManagedServer): boolean {
    return this.managedDeps(server).every((d) => this.servers.get(d)?.state === ServerState.Running);
  }

  private get(name: string): ManagedServer {
    const server = this.servers.get(name);
    if (!server)
      throw new PlatformError(PlatformErrorCode.ServerNotFound, `no supervised server "${name}"`, { name });
    return server;
  }
}

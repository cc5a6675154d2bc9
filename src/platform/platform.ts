/**
 * The running platform: supervised stdio servers and connections to remote servers of one profile,
 * behind one status and control surface.
 * @module
 */
import { EventEmitter } from 'node:events';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { PlatformConfig, RemoteServerConfig, StdioServerConfig } from '../config/schema.js';
import type { TemplateResolvers } from '../config/template.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { ProcessSupervisor, type SupervisorOptions } from '../runtime/index.js';
import { RemoteConnection, type RemoteConnectionOptions } from '../transports/index.js';

import { overallHealth, type ServerStatus } from './status.js';

/** Options of {@link Platform}. */
export interface PlatformOptions {
  config: PlatformConfig;
  /** Profile to run; its enabled servers are started. */
  profile: string;
  logsDir: string;
  resolvers: TemplateResolvers;
  logger: Logger;
  /** Capabilities declared to every upstream server (what the gateway relays to its clients). */
  clientCapabilities?: ClientCapabilities;
  /** Overrides for the supervisor (tests shorten timings). */
  supervisor?: Partial<SupervisorOptions>;
  /** Overrides for remote connections. */
  remote?: Partial<Omit<RemoteConnectionOptions, 'name' | 'resolvers'>>;
}

/** A state change of any server, for the event stream. */
export interface PlatformStateEvent {
  name: string;
  from: string;
  to: string;
  at: number;
}

/** Runs the servers of a profile. */
export class Platform extends EventEmitter<{ state: [PlatformStateEvent] }> {
  readonly profile: string;
  readonly supervisor: ProcessSupervisor;
  private readonly remotes = new Map<string, RemoteConnection>();
  private readonly order: string[] = [];

  constructor(private readonly o: PlatformOptions) {
    super();
    const profile = o.config.profiles[o.profile];
    if (!profile) {
      throw new PlatformError(PlatformErrorCode.ProfileNotFound, `no profile named "${o.profile}"`, {
        name: o.profile,
      });
    }
    this.profile = o.profile;
    this.supervisor = new ProcessSupervisor({
      logsDir: o.logsDir,
      resolvers: o.resolvers,
      logger: o.logger.child({ component: 'supervisor' }),
      ...(o.clientCapabilities ? { clientCapabilities: o.clientCapabilities } : {}),
      ...o.supervisor,
    });
    this.supervisor.on('state', (c) =>
      this.emit('state', { name: c.name, from: c.from, to: c.to, at: Date.now() }),
    );
    const members = new Set(profile.servers);
    for (const name of profile.servers) {
      const def = o.config.servers[name]!;
      this.order.push(name);
      if (def.type === 'stdio') this.addStdio(name, def, members);
      else this.addRemote(name, def);
    }
  }

  /** Names of the servers of the profile, in profile order. */
  get names(): string[] {
    return [...this.order];
  }

  /** Starts every enabled server in parallel; resolves when each has had its first start attempt. */
  async start(): Promise<void> {
    await Promise.all([
      this.supervisor.startAll(),
      ...[...this.remotes.entries()]
        .filter(([name]) => this.o.config.servers[name]!.enabled)
        .map(([, c]) => c.start().catch(() => undefined)),
    ]);
  }

  /** Starts one server (a manual start also leaves crash-loop and failed). */
  async startServer(name: string): Promise<void> {
    const remote = this.remotes.get(name);
    if (remote) await remote.start();
    else if (this.isStdio(name)) await this.supervisor.start(name);
    else throw this.notFound(name);
  }

  /** Stops one server. */
  async stopServer(name: string): Promise<void> {
    const remote = this.remotes.get(name);
    if (remote) await remote.stop();
    else if (this.isStdio(name)) await this.supervisor.stop(name);
    else throw this.notFound(name);
  }

  /** Restarts one server. */
  async restartServer(name: string): Promise<void> {
    const remote = this.remotes.get(name);
    if (remote) {
      await remote.stop();
      await remote.start();
    } else if (this.isStdio(name)) await this.supervisor.restart(name);
    else throw this.notFound(name);
  }

  /** The initialized SDK client of a running server. */
  client(name: string): Client | undefined {
    const remote = this.remotes.get(name);
    if (remote) return remote.state === 'running' ? remote.client : undefined;
    return this.isStdio(name) ? this.supervisor.getClient(name) : undefined;
  }

  /** The last `n` log lines of a stdio server (remote servers have no process log). */
  tail(name: string, n: number): string[] {
    if (this.isStdio(name)) return this.supervisor.tail(name, n);
    if (this.remotes.has(name)) return [];
    throw this.notFound(name);
  }

  /** Follows new log lines of a stdio server; returns the unsubscribe function. */
  follow(name: string, listener: (line: string) => void): () => void {
    if (this.isStdio(name)) return this.supervisor.follow(name, listener);
    if (this.remotes.has(name)) return () => undefined;
    throw this.notFound(name);
  }

  /** Status of every server of the profile. */
  status(): { health: ReturnType<typeof overallHealth>; servers: ServerStatus[] } {
    const servers = this.order.map((name) => this.serverStatus(name));
    return { health: overallHealth(servers.map((s) => s.state)), servers };
  }

  /** Status of one server. */
  serverStatus(name: string): ServerStatus {
    const remote = this.remotes.get(name);
    if (remote) {
      const h = remote.health();
      return {
        name,
        type: 'remote',
        state: h.state === 'idle' ? 'stopped' : h.state,
        transport: h.transport ?? (this.o.config.servers[name] as RemoteServerConfig).transport,
        pid: null,
        uptimeMs: h.uptimeMs || null,
        restarts: h.reconnects,
        cpu: null,
        rssBytes: null,
        tools: h.tools,
        pingMs: h.pingMs ?? null,
        lastError: h.lastError ? { message: h.lastError.message } : null,
        nextRestartAt: null,
        lastLines: [],
        metrics: {
          messagesIn: h.messagesIn,
          messagesOut: h.messagesOut,
          bytesIn: h.bytesIn,
          bytesOut: h.bytesOut,
          errors: h.errors,
          sessionRenewals: h.sessionRenewals,
        },
      };
    }
    if (!this.isStdio(name)) throw this.notFound(name);
    const h = this.supervisor.health(name);
    return {
      name,
      type: 'stdio',
      state: h.state,
      transport: 'stdio',
      pid: h.pid ?? null,
      uptimeMs: h.uptimeMs ?? null,
      restarts: h.restarts,
      cpu: h.cpuPercent ?? null,
      rssBytes: h.rssBytes ?? null,
      tools: h.tools ?? null,
      pingMs: h.pingLatencyMs ?? null,
      lastError: h.lastError
        ? { code: h.lastError.code, message: h.lastError.message, at: h.lastError.at }
        : null,
      nextRestartAt: h.nextRestartAt ?? null,
      lastLines: [...h.lastLines],
      metrics: { ...h.traffic, droppedLines: h.droppedLines, pingFailures: h.pingFailures },
    };
  }

  /** Stops everything: remote connections, then supervised processes (process groups, no orphans). */
  async close(): Promise<void> {
    await Promise.all([...this.remotes.values()].map((c) => c.stop().catch(() => undefined)));
    await this.supervisor.close();
  }

  private addStdio(name: string, def: StdioServerConfig, members: Set<string>): void {
    // Supervision orders only stdio servers of this profile; other dependencies are ignored here.
    const dependsOn = def.dependsOn.filter(
      (d) => members.has(d) && this.o.config.servers[d]?.type === 'stdio',
    );
    this.supervisor.add(name, { ...def, dependsOn });
  }

  private addRemote(name: string, def: RemoteServerConfig): void {
    const conn = new RemoteConnection(def, {
      name,
      resolvers: this.o.resolvers,
      logger: this.o.logger.child({ component: 'remote', server: name }),
      ...(this.o.clientCapabilities ? { clientOptions: { capabilities: this.o.clientCapabilities } } : {}),
      ...this.o.remote,
    });
    conn.on('state', (c) => this.emit('state', { name, from: c.from, to: c.to, at: Date.now() }));
    this.remotes.set(name, conn);
  }

  private isStdio(name: string): boolean {
    return this.supervisor.names.includes(name);
  }

  private notFound(name: string): PlatformError {
    return new PlatformError(
      PlatformErrorCode.ServerNotFound,
      `server "${name}" is not part of the running profile "${this.profile}"`,
      { name },
      {
        hint: `add it with \`mcp profile add ${this.profile} ${name}\` and restart the platform`,
      },
    );
  }
}

/**
 * The running platform: supervised stdio servers and connections to remote servers of one profile,
 * behind one status and control surface. `reconcile(config)` makes it match a new config.yaml without a
 * restart.
 * @module
 */
import { EventEmitter } from 'node:events';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { PlatformConfig, RemoteServerConfig, ServerConfig } from '../config/schema.js';
import type { TemplateResolvers } from '../config/template.js';
import { errorMessage, PlatformError, PlatformErrorCode } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { ProcessSupervisor, type SupervisorOptions } from '../runtime/index.js';
import type { PrivateUpstream } from '../runtime/private-upstream.js';
import { RemoteConnection, type RemoteConnectionOptions } from '../transports/index.js';

import { openPrivateRemote } from './private-remote.js';

import {
  desiredServers,
  planReconcile,
  RESTART_FIELDS,
  type ReconcileAction,
  type ReconcileKind,
  type ServerEntry,
} from './reconcile.js';
import {
  idleStatus,
  overallHealth,
  remoteStatus,
  stdioStatus,
  type OverallHealth,
  type ServerStatus,
} from './status.js';
import { serverNotFound } from './not-found.js';

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

/**
 * The pseudo-state of a server that is not part of the platform: a reconcile that adds a server emits
 * `absent -> stopped` first, one that removes it ends with `... -> absent`.
 */
export const ABSENT = 'absent';

/** A state change of any server, for the event stream. */
export interface PlatformStateEvent {
  name: string;
  from: string;
  to: string;
  at: number;
}

/** What a reconcile did to one server. */
export interface ReconcileOutcome {
  kind: ReconcileKind;
  name: string;
  /** Fields of the definition that changed. */
  changed: readonly string[];
  /** The server's state afterwards (`absent` once removed). */
  state: string;
  /** Why the step (or the first start attempt) failed; the server keeps retrying where it can. */
  error?: string;
}

/** The plan a reconcile applied, and how each step ended. Empty `actions`: nothing changed. */
export interface ReconcileResult {
  profile: string;
  actions: ReconcileOutcome[];
}

/** Events of {@link Platform}. */
export interface PlatformEvents {
  /** A server changed state (including `absent -> stopped` when added and `... -> absent` when removed). */
  state: [PlatformStateEvent];
}

const STARTS: ReadonlySet<ReconcileKind> = new Set(['add', 'restart', 'enable']);

/** Runs the servers of a profile. */
export class Platform extends EventEmitter<PlatformEvents> {
  readonly profile: string;
  readonly supervisor: ProcessSupervisor;
  private readonly remotes = new Map<string, RemoteConnection>();
  /** The definitions the platform runs, by name; `order` is the profile order. */
  private readonly defs = new Map<string, ServerConfig>();
  private order: string[] = [];
  /** Every server name in the config (the profile's or not), to tell an unknown name from one outside the profile. */
  private known: ReadonlySet<string>;
  /** Start and reconciles run one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly o: PlatformOptions) {
    super();
    const servers = desiredServers(o.config, o.profile);
    if (!servers) {
      throw new PlatformError(PlatformErrorCode.ProfileNotFound, `no profile named "${o.profile}"`, {
        name: o.profile,
      });
    }
    this.profile = o.profile;
    this.known = new Set(Object.keys(o.config.servers));
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
    for (const { name, config } of servers) this.addMember(name, config);
    this.order = servers.map((s) => s.name);
  }

  /**
   * An object that stays the same as long as {@link names} does (a new one after every change), to tell
   * cheaply whether the names changed.
   */
  get namesKey(): object {
    return this.order;
  }

  /** Names of the servers of the profile, in profile order (a copy; it changes with every reconcile). */
  get names(): string[] {
    return [...this.order];
  }

  /** The definitions the platform runs now, in profile order. */
  get servers(): ServerEntry[] {
    return this.order.map((name) => ({ name, config: this.defs.get(name)! }));
  }

  /** Starts every enabled server in parallel; resolves when each has had its first start attempt. */
  start(): Promise<void> {
    return this.serial(async () => {
      await Promise.all([
        this.supervisor.startAll(),
        ...[...this.remotes.entries()]
          .filter(([name]) => this.defs.get(name)?.enabled)
          .map(([, c]) => c.start().catch(() => undefined)),
      ]);
    });
  }

  /**
   * Makes the platform match `config`'s definition of its profile (see `planReconcile`): removes servers
   * that left it, stops disabled ones, restarts changed ones with their new definition, adds and starts new
   * ones. Resolves when every started server has had its first attempt. Reconciles run one at a time.
   * Throws `PROFILE_NOT_FOUND` when the config no longer has the platform's profile (nothing changes then).
   * @example
   * const { config } = await store.load();
   * const { actions } = await platform.reconcile(config); // [{ kind: 'add', name: 'echo', state: 'running', ... }]
   */
  reconcile(config: PlatformConfig): Promise<ReconcileResult> {
    return this.serial(() => this.apply(config));
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

  /** Deadlines of requests to a server (`timeouts` in its definition). */
  timeouts(name: string): ServerConfig['timeouts'] | undefined {
    return this.defs.get(name)?.timeouts;
  }

  /** How the gateway shares a server between client sessions (`share` in its definition). */
  share(name: string): 'shared' | 'per-session' {
    return this.defs.get(name)?.share ?? 'shared';
  }

  /**
   * Opens a private upstream of a running server for one client session, declaring that client's
   * `capabilities` (servers with `share: per-session`). Throws `SERVER_NOT_FOUND` for a server outside the
   * profile; rejects with why it could not start.
   */
  openPrivate(name: string, capabilities: ClientCapabilities): Promise<PrivateUpstream> {
    const def = this.defs.get(name);
    if (!def) throw this.notFound(name);
    if (def.type === 'stdio') return this.supervisor.openPrivate(name, capabilities);
    return openPrivateRemote(def, this.remoteOptions(name), capabilities);
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
  status(): { health: OverallHealth; servers: ServerStatus[] } {
    const servers = this.order.map((name) => this.serverStatus(name));
    return { health: overallHealth(servers.map((s) => s.state)), servers };
  }

  /** Status of one server. */
  serverStatus(name: string): ServerStatus {
    const remote = this.remotes.get(name);
    const def = this.defs.get(name);
    if (remote) return remoteStatus(name, remote.health(), (def as RemoteServerConfig).transport);
    if (this.isStdio(name)) return stdioStatus(name, this.supervisor.health(name));
    // Between a swapped definition's old runner going and its new one coming.
    if (def) return idleStatus(name, def.type, def.type === 'stdio' ? 'stdio' : def.transport);
    throw this.notFound(name);
  }

  /** Stops everything: remote connections, then supervised processes (process groups, no orphans). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.remotes.values()].map((c) => c.stop().catch(() => undefined)));
    await this.supervisor.close();
  }

  private async apply(config: PlatformConfig): Promise<ReconcileResult> {
    const desired = desiredServers(config, this.profile);
    if (!desired) {
      throw new PlatformError(
        PlatformErrorCode.ProfileNotFound,
        `the profile "${this.profile}" this platform runs is no longer in the config`,
        { name: this.profile },
        { hint: 'put it back, or restart the platform with another profile (mcp down && mcp up)' },
      );
    }
    this.known = new Set(Object.keys(config.servers));
    if (this.closed) return { profile: this.profile, actions: [] };
    const plan = planReconcile(this.servers, desired);
    const errors = new Map<string, string>();
    const attempt = async (name: string, step: () => Promise<void>): Promise<void> => {
      try {
        await step();
      } catch (err) {
        if (!errors.has(name)) errors.set(name, errorMessage(err));
      }
    };
    // Stops and swaps first, so a server's dependencies are in their new shape before anything starts.
    await Promise.all(plan.map((a) => attempt(a.name, () => this.prepare(a))));
    this.order = desired.map((d) => d.name).filter((n) => this.defs.has(n));
    for (const a of plan.filter((x) => x.kind === 'add' && !errors.has(x.name))) {
      this.emit('state', { name: a.name, from: ABSENT, to: 'stopped', at: Date.now() });
    }
    await Promise.all(
      plan
        // Nothing starts once the platform is closing.
        .filter((a) => !this.closed && STARTS.has(a.kind) && a.config?.enabled && !errors.has(a.name))
        .map((a) => attempt(a.name, () => this.startServer(a.name))),
    );
    return {
      profile: this.profile,
      actions: plan.map((a) => ({
        kind: a.kind,
        name: a.name,
        changed: a.changed,
        state: this.defs.has(a.name) ? this.serverStatus(a.name).state : ABSENT,
        ...(errors.has(a.name) ? { error: errors.get(a.name)! } : {}),
      })),
    };
  }

  /** The part of an action that runs before anything starts: remove, stop, swap or record the definition. */
  private async prepare(a: ReconcileAction): Promise<void> {
    if (a.kind === 'remove') return this.removeMember(a.name);
    const config = a.config!;
    if (a.kind === 'add') return this.addMember(a.name, config);
    // A definition the runner was built from changed: build a new runner (this stops the old one).
    const swap =
      a.kind === 'restart' || a.changed.some((f) => (RESTART_FIELDS as readonly string[]).includes(f));
    if (swap) return this.replaceMember(a.name, config);
    this.defs.set(a.name, config);
    if (a.kind === 'disable') await this.stopServer(a.name);
  }

  private addMember(name: string, def: ServerConfig): void {
    this.defs.set(name, def);
    if (def.type === 'stdio') {
      // The supervisor waits only for dependencies it manages (stdio servers of this platform), at start.
      this.supervisor.add(name, def);
      return;
    }
    const conn = new RemoteConnection(def, this.remoteOptions(name));
    conn.on('state', (c) => this.emit('state', { name, from: c.from, to: c.to, at: Date.now() }));
    this.remotes.set(name, conn);
  }

  private remoteOptions(name: string): RemoteConnectionOptions {
    return {
      name,
      resolvers: this.o.resolvers,
      logger: this.o.logger.child({ component: 'remote', server: name }),
      ...(this.o.clientCapabilities ? { clientOptions: { capabilities: this.o.clientCapabilities } } : {}),
      ...this.o.remote,
      transportOptions: { ...this.o.remote?.transportOptions, urlPolicy: this.o.config.security },
    };
  }

  /** Stops a server and forgets it; its last event is `... -> absent`. */
  private async removeMember(name: string): Promise<void> {
    try {
      await this.dropRunner(name);
    } finally {
      this.defs.delete(name);
      this.order = this.order.filter((n) => n !== name);
      this.emit('state', { name, from: 'stopped', to: ABSENT, at: Date.now() });
    }
  }

  /** Stops a server and builds a new runner from `def` (stopped; the caller starts it). */
  private async replaceMember(name: string, def: ServerConfig): Promise<void> {
    await this.dropRunner(name);
    this.addMember(name, def);
  }

  private async dropRunner(name: string): Promise<void> {
    const remote = this.remotes.get(name);
    if (remote) {
      await remote.stop();
      remote.removeAllListeners();
      this.remotes.delete(name);
    } else if (this.isStdio(name)) {
      await this.supervisor.remove(name);
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private isStdio(name: string): boolean {
    return this.supervisor.has(name);
  }

  private notFound(name: string): PlatformError {
    return serverNotFound(name, this.profile, this.known.has(name));
  }
}

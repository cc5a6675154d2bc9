/**
 * One supervised connection to a remote MCP server: resolves header templates at connect time, builds the
 * transport, initializes, lists tools, pings, and reconnects with backoff when the connection is lost.
 * One SDK `Client` lives as long as the connection, so handlers registered on it survive reconnects.
 * @module
 */
import { EventEmitter } from 'node:events';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { resolveRecord } from '../config/template.js';
import { backoffDelay } from '../core/backoff.js';
import { listAllTools } from '../core/list-tools.js';
import { PingMonitor } from '../core/ping-monitor.js';
import type { TimerHandle } from '../core/types.js';
import { PlatformErrorCode } from '../errors.js';
import {
  resolveConnectionOptions,
  type RemoteConnectionEvents,
  type RemoteConnectionOptions,
  type RemoteConnectionTarget,
  type ResolvedConnectionOptions,
} from './connection-options.js';
import {
  ConnectionState,
  nextState,
  type ConnectionEvent,
  type ConnectionHealth,
  type StateChange,
} from './connection-state.js';
import { ConnectionStats } from './connection-stats.js';
import {
  TransportError,
  isConnectionLost,
  isPermanentError,
  isStreamCut,
  unresponsiveError,
} from './errors.js';
import { MeteredTransport } from './metered-transport.js';
import { assertUrlAllowed } from '../security/ssrf.js';

import { redactUrl, secretsOf } from './redact.js';
import { withTimeout } from './timeout.js';
import type { TransportKind } from './types.js';

/**
 * A supervised upstream connection.
 *
 * @example
 * const conn = new RemoteConnection(config.servers.docs, { name: 'docs', resolvers });
 * conn.on('state', (c) => log.info(`docs: ${c.from} -> ${c.to}`));
 * await conn.start();
 * await conn.client.callTool({ name: 'search', arguments: { q: 'mcp' } });
 * conn.health(); // { state: 'running', transport: 'streamable-http', tools: 12, ... }
 * await conn.stop();
 */
export class RemoteConnection extends EventEmitter<RemoteConnectionEvents> {
  /** Server name. */
  readonly name: string;
  private readonly o: ResolvedConnectionOptions;
  private readonly sdkClient: Client;
  private readonly pinger: PingMonitor;
  private readonly stats: ConnectionStats;

  private current = ConnectionState.Idle;
  /** Bumped whenever a transport is abandoned; callbacks of older transports compare and bail out. */
  private generation = 0;
  private inflight: Promise<void> | undefined;
  private transport: MeteredTransport | undefined;
  private retryTimer: TimerHandle | undefined;
  private retries = 0;
  private failures = 0;
  private kind: TransportKind | undefined;
  private everConnected = false;

  constructor(
    private readonly target: RemoteConnectionTarget,
    options: RemoteConnectionOptions,
  ) {
    super();
    this.o = resolveConnectionOptions(options);
    this.name = this.o.name;
    this.stats = new ConnectionStats(this.o.clock);
    this.sdkClient = new Client(this.o.clientInfo, this.o.clientOptions);
    this.pinger = new PingMonitor({
      // The SDK ends a ping at its `timeout` itself (before the monitor's deadline of the same length).
      ping: (_signal, timeout) => this.sdkClient.ping({ timeout }),
      intervalMs: this.o.pingIntervalMs,
      timeoutMs: this.o.pingTimeoutMs,
      maxFailures: this.o.maxFailedPings,
      timers: this.o.timers,
      clock: this.o.clock,
      onSuccess: (ms) => (this.stats.pingMs = ms),
      onFailure: (err) => void this.stats.recordError(err),
      onHang: (err, failed) => void this.lose(unresponsiveError(failed, err)),
    });
  }

  /** The SDK client. Usable while `state` is `running`; the same object across reconnects. */
  get client(): Client {
    return this.sdkClient;
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.current;
  }

  /**
   * Connects. Resolves once running; rejects with the first attempt's error, in which case retries
   * continue in the background (state `backoff`) unless the error is permanent (state `failed`).
   */
  async start(): Promise<void> {
    if (this.current === ConnectionState.Running) return;
    if (this.current === ConnectionState.Connecting || this.current === ConnectionState.Backoff) {
      await this.ready(this.o.connectTimeoutMs);
      return;
    }
    await this.inflight?.catch(() => undefined);
    this.failures = 0;
    this.retries = 0;
    this.move('start');
    await this.attempt();
  }

  /** Stops: cancels timers and closes the transport. The connection can be started again. */
  async stop(): Promise<void> {
    if (this.current === ConnectionState.Stopped) return;
    this.abandon();
    this.move('stop');
    await this.closeClient();
  }

  /** Resolves with the client once running; rejects if stopped, failed, or not running within `timeoutMs`. */
  ready(timeoutMs = this.o.connectTimeoutMs): Promise<Client> {
    if (this.current === ConnectionState.Running) return Promise.resolve(this.sdkClient);
    const notRunning = (why: string): TransportError =>
      new TransportError(PlatformErrorCode.UpstreamNotRunning, `${this.name} is ${why}`, {
        name: this.name,
        state: this.current,
      });
    if (this.current !== ConnectionState.Connecting && this.current !== ConnectionState.Backoff) {
      return Promise.reject(notRunning(this.current));
    }
    return new Promise((resolve, reject) => {
      const onState = (change: StateChange): void => {
        if (change.to === ConnectionState.Running) resolve(this.sdkClient);
        else if (change.to === ConnectionState.Stopped || change.to === ConnectionState.Failed) {
          reject(notRunning(change.to));
        } else return;
        this.o.timers.clearTimeout(timer);
        this.off('state', onState);
      };
      const timer = this.o.timers.setTimeout(() => {
        this.off('state', onState);
        reject(notRunning(`not running after ${timeoutMs} ms (${this.current})`));
      }, timeoutMs);
      this.on('state', onState);
    });
  }

  /** Lists tools again (all pages) and updates the count; emits `tools`. */
  async refreshTools(): Promise<number> {
    const tools = await listAllTools(this.sdkClient, { timeout: this.o.requestTimeoutMs });
    this.stats.tools = tools.length;
    this.emit('tools', tools.length);
    return tools.length;
  }

  /** A snapshot for health endpoints. Contains no header values and no URLs. */
  health(): ConnectionHealth {
    return this.stats.snapshot(
      this.name,
      this.current,
      this.kind,
      this.sdkClient,
      this.transport?.protocolVersion,
    );
  }

  private attempt(): Promise<void> {
    const gen = ++this.generation;
    const run = this.connectOnce(gen);
    this.inflight = run;
    return run;
  }

  private async connectOnce(gen: number): Promise<void> {
    const startedAt = this.o.clock.now();
    try {
      const policy = this.o.transportOptions.urlPolicy;
      if (policy) await assertUrlAllowed(this.target.url, policy);
      const headers = await resolveRecord(this.target.headers, this.o.resolvers);
      this.assertCurrent(gen);
      this.stats.secrets = secretsOf(headers);
      const raw = this.o.createTransport(this.target, headers, {
        ...this.o.transportOptions,
        onSessionRenewed: () => this.onSessionRenewed(gen),
      });
      const transport = new MeteredTransport(raw, this.stats.traffic);
      transport.onclose = () => this.onTransportClosed(gen);
      transport.onerror = (error) => this.onTransportError(gen, error);
      this.transport = transport;
      const ms = this.o.connectTimeoutMs;
      await withTimeout(this.sdkClient.connect(transport, { timeout: ms }), ms, 'connect', this.o.timers);
      this.assertCurrent(gen);
      const tools = await listAllTools(this.sdkClient, { timeout: this.o.requestTimeoutMs });
      this.assertCurrent(gen);
      this.kind = transport.kind;
      this.stats.tools = tools.length;
      if (this.everConnected) this.stats.reconnects += 1;
      this.everConnected = true;
      this.failures = 0;
      this.retries = 0;
      this.stats.runningSince = this.o.clock.now();
      this.move('connected');
      this.o.logger.info('upstream connected', {
        server: this.name,
        url: redactUrl(this.target.url),
        transport: this.kind,
        tools: tools.length,
        ms: this.o.clock.now() - startedAt,
      });
      this.pinger.start();
    } catch (err) {
      // Stopped (or restarted) meanwhile: stop() has already closed the client.
      if (gen !== this.generation) throw err;
      this.recordError(err);
      await this.closeClient();
      this.failures += 1;
      if (isPermanentError(err) || this.failures >= this.o.maxAttempts) {
        this.move('give-up', err);
        this.o.logger.error('upstream connection failed', {
          server: this.name,
          error: this.stats.lastError?.message,
        });
      } else {
        this.move('attempt-failed', err);
        this.scheduleRetry();
      }
      throw err;
    }
  }

  /** Throws if this attempt has been abandoned (`stop()` was called while it awaited). */
  private assertCurrent(gen: number): void {
    if (gen === this.generation) return;
    throw new TransportError(
      PlatformErrorCode.UpstreamNotRunning,
      `${this.name} was stopped while connecting`,
      {
        name: this.name,
        state: this.current,
      },
    );
  }

  /** Silences the current transport's callbacks and cancels timers. */
  private abandon(): void {
    this.generation += 1;
    this.pinger.stop();
    if (this.retryTimer !== undefined) this.o.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stats.runningSince = undefined;
  }

  private async lose(error: Error): Promise<void> {
    if (this.current !== ConnectionState.Running) return;
    this.abandon();
    this.recordError(error);
    this.move('lost', error);
    this.o.logger.warn('upstream connection lost', {
      server: this.name,
      error: this.stats.lastError?.message,
    });
    await this.closeClient();
    // stop() may have run while the client was closing.
    if (this.isIn(ConnectionState.Backoff)) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.retries, this.o.backoff, this.o.random);
    this.retries += 1;
    this.o.logger.debug('upstream reconnect scheduled', { server: this.name, delayMs: delay });
    this.retryTimer = this.o.timers.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.current !== ConnectionState.Backoff) return;
      this.move('retry');
      this.attempt().catch(() => undefined);
    }, delay);
  }

  private onTransportClosed(gen: number): void {
    if (gen !== this.generation || this.current !== ConnectionState.Running) return;
    void this.lose(new Error('the connection was closed'));
  }

  private onTransportError(gen: number, error: Error): void {
    if (gen !== this.generation) return;
    this.recordError(error);
    if (this.current !== ConnectionState.Running) return;
    // A cut stream with calls in flight: their answers will not come, so fail them now and reconnect.
    const cutMidCall = isStreamCut(error) && (this.transport?.inFlight ?? 0) > 0;
    if (isConnectionLost(error) || cutMidCall) void this.lose(error);
  }

  private onSessionRenewed(gen: number): void {
    if (gen !== this.generation) return;
    this.stats.sessionRenewals += 1;
    this.o.logger.info('upstream session renewed', { server: this.name });
    this.emit('session-renewed');
    // The server may have restarted with another tool list.
    this.refreshTools().catch((err: unknown) => this.recordError(err));
  }

  private recordError(err: unknown): void {
    const last = this.stats.recordError(err);
    this.o.logger.debug('upstream error', { server: this.name, error: last?.message });
  }

  private move(event: ConnectionEvent, error?: unknown): void {
    const to = nextState(this.current, event);
    if (to === undefined || to === this.current) return;
    const change: StateChange = { from: this.current, to, at: this.o.clock.now() };
    if (error !== undefined) change.error = this.stats.redact(error);
    this.current = to;
    this.emit('state', change);
  }

  private isIn(state: ConnectionState): boolean {
    return this.current === state;
  }

  private async closeClient(): Promise<void> {
    // Client.close() closes the transport; MeteredTransport guarantees onclose, which detaches it.
    await this.sdkClient.close().catch(() => undefined);
  }
}

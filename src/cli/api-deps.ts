/**
 * The parts of the control API's dependencies that reuse what the CLI does: install (the CLI's install
 * flow, with progress going to the API's stream instead of stderr), client configuration (pointing clients
 * at the address the platform actually listens on, keys made in the platform's open storage), and the
 * catalog. `mcp up` adds them to the API's dependencies.
 * @module
 */
import path from 'node:path';
import { Writable } from 'node:stream';

import type { ApiDeps, InstallRequest } from '../api/deps.js';
import { EventHub } from '../api/event-hub.js';
import { feedEvents } from '../api/event-sources.js';
import { LoginSessions } from '../api/login-sessions.js';
import { createApiKey, findApiKey, revokeApiKey } from '../auth/api-keys.js';
import type { GatewayHandler } from '../gateway/index.js';
import type { Platform } from '../platform/platform.js';
import type { Storage } from '../store/index.js';

import type { CliContext } from './context.js';
import { Output } from './output.js';
import { packageRoot } from './package-root.js';

/** A stream that hands each written line to `onLine`. */
function lineSink(onLine: (line: string) => void): Writable {
  let rest = '';
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const parts = (rest + chunk.toString('utf8')).split(/\r?\n|\r/);
      rest = parts.pop() ?? '';
      // Not a TTY: progress arrives as plain lines, without in-place rewrites.
      for (const p of parts) if (p.trim()) onLine(p.trim());
      done();
    },
  });
}

const discard = (): Writable => new Writable({ write: (_c, _e, done) => done() });

/** A CLI context whose output goes nowhere except progress lines, to `progress`. */
function quietContext(ctx: CliContext, progress: (text: string) => void): CliContext {
  const out = new Output({ json: true, color: false, stdout: discard(), stderr: lineSink(progress) });
  return { out, env: ctx.env, paths: ctx.paths, debug: ctx.debug, config: () => ctx.config() };
}

/** What {@link cliApiDeps} wires together. */
export interface ApiWiring {
  storage: Storage;
  platform: Platform;
  gateway: GatewayHandler;
  /** The listen address and (once bound) port. */
  host: string;
  port: () => number;
  /** Drops what the key verifier remembers of a key just revoked, so it is refused at once. */
  forgetKey?: (id: string) => void;
}

type Built = Pick<
  ApiDeps,
  | 'install'
  | 'uninstall'
  | 'clients'
  | 'catalog'
  | 'dashboardDir'
  | 'storage'
  | 'paths'
  | 'events'
  | 'logins'
  | 'forgetKey'
> & { selfUrl: () => string };

/**
 * Builds the API's dependencies that `mcp up` does not otherwise have: the event hub (fed by the platform
 * and the gateway), dashboard logins, the address the API reaches the gateway at, install, clients and
 * catalog. `close` stops feeding the hub.
 */
export function cliApiDeps(ctx: CliContext, o: ApiWiring): { deps: Built; close: () => void } {
  const { storage } = o;
  // A wildcard bind is reached on loopback.
  const selfUrl = (): string => {
    const h = o.host === '0.0.0.0' || o.host === '' ? '127.0.0.1' : o.host === '::' ? '::1' : o.host;
    return `http://${h.includes(':') ? `[${h}]` : h}:${o.port()}`;
  };
  const events = new EventHub();
  const close = feedEvents(events, o.platform, o.gateway.events);
  return { deps: dependencies(ctx, storage, selfUrl, events, o.forgetKey), close };
}

function dependencies(
  ctx: CliContext,
  storage: Storage,
  selfUrl: () => string,
  events: EventHub,
  forgetKey: ((id: string) => void) | undefined,
): Built {
  return {
    selfUrl,
    ...(forgetKey ? { forgetKey } : {}),
    storage,
    paths: ctx.paths,
    events,
    logins: new LoginSessions(),
    dashboardDir: path.join(packageRoot(), 'dist', 'dashboard'),
    catalog: async () => {
      const { loadCatalog } = await import('../catalog/index.js');
      return loadCatalog(packageRoot(), ctx.paths.cache);
    },
    install: async (request: InstallRequest, progress) => {
      const { installFromCli } = await import('./install.js');
      return installFromCli(quietContext(ctx, progress), request.ref, {
        name: request.name,
        profile: request.profile,
        env: request.env,
        dryRun: request.dryRun,
        verify: request.verify,
        interactive: false,
      });
    },
    uninstall: async (name) => {
      const { uninstallFromCli } = await import('./install.js');
      return uninstallFromCli(
        quietContext(ctx, () => undefined),
        name,
      );
    },
    clients: async () => {
      const { clientDeps } = await import('./client-deps.js');
      const base = await clientDeps(ctx);
      return {
        ...base,
        createKey: async (name) => {
          const { key, record } = await createApiKey(storage.apiKeys, { name, scopes: ['mcp'] });
          return { key, id: record.id };
        },
        revokeKey: async (id) => {
          const k = await findApiKey(storage.apiKeys, id).catch(() => undefined);
          if (!k) return;
          await revokeApiKey(storage.apiKeys, k.id);
          forgetKey?.(k.id);
        },
        // The address this platform listens on (a --port override or port 0 included).
        target: (key, profile) => ({ ...base.target(key, profile), url: `${selfUrl()}/mcp` }),
      };
    },
  };
}

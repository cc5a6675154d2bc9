/**
 * What every command needs: output, the resolved home, and lazily opened config and storage.
 * @module
 */
import type { Command } from 'commander';

import type { ConfigStore } from '../config/store.js';
import { readEnv, type PlatformEnv } from '../config/env.js';
import { homePaths, resolveHome, type HomePaths } from '../config/paths.js';

import { Output, wantsColor } from './output.js';

/** Global flags. */
export interface GlobalOptions {
  json?: boolean;
  home?: string;
  debug?: boolean;
  color?: boolean;
}

/** The per-invocation context handed to command actions. */
export interface CliContext {
  readonly out: Output;
  readonly env: PlatformEnv;
  readonly paths: HomePaths;
  readonly debug: boolean;
  /** The config store of this home (module loaded on first use). */
  config(): Promise<ConfigStore>;
}

/** Builds the context from the command's global options. */
export function createContext(cmd: Command): CliContext {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const env = readEnv();
  const paths = homePaths(resolveHome({ envHome: env.home, flagHome: opts.home, userHome: env.userHome }));
  const out = new Output({
    json: opts.json === true,
    color: opts.color !== false && wantsColor(process.stdout, env),
  });
  let store: ConfigStore | undefined;
  return {
    out,
    env,
    paths,
    debug: opts.debug === true,
    async config() {
      if (!store) {
        const { ConfigStore } = await import('../config/store.js');
        store = new ConfigStore(paths);
      }
      return store;
    },
  };
}

/**
 * Wraps a command handler: builds the context from the invoked command and passes the positional
 * arguments and options through. Commander calls actions with `(...args, options, command)`.
 */
export function action<A extends unknown[]>(
  fn: (ctx: CliContext, ...args: A) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args.at(-1) as Command;
    await fn(createContext(cmd), ...(args.slice(0, -1) as A));
  };
}

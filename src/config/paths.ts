/**
 * The platform home and its layout. Everything the platform keeps lives under one directory.
 * @module
 */
import path from 'node:path';

/** Every path the platform uses under its home. */
export interface HomePaths {
  /** The home directory itself. */
  readonly home: string;
  /** Desired state, human-editable YAML. */
  readonly config: string;
  /** Lock file that serializes config writers. */
  readonly configLock: string;
  /** Operational state (SQLite), unless `MCP_DATABASE_URL` points at PostgreSQL. */
  readonly stateDb: string;
  /** Secret values, one file per secret, mode 0600. */
  readonly secrets: string;
  /** Per-server log files. */
  readonly logs: string;
  /** Backup archives (`<id>.tar.gz`). */
  readonly backups: string;
  /** Pid and port files of a running platform. */
  readonly run: string;
  /** Downloaded catalog cache and installed packages. */
  readonly cache: string;
}

/**
 * Resolves the home directory: `MCP_HOME` wins, then `--home`, then `~/.mcp-platform`.
 * @example resolveHome({ envHome: undefined, flagHome: undefined, userHome: '/home/ann' }) // '/home/ann/.mcp-platform'
 */
export function resolveHome(opts: {
  envHome: string | undefined;
  flagHome: string | undefined;
  userHome: string;
}): string {
  const chosen = opts.envHome ?? opts.flagHome ?? path.join(opts.userHome, '.mcp-platform');
  return path.resolve(chosen);
}

/** Lays out the paths under a home directory. Pure: creates nothing. */
export function homePaths(home: string): HomePaths {
  return {
    home,
    config: path.join(home, 'config.yaml'),
    configLock: path.join(home, 'config.yaml.lock'),
    stateDb: path.join(home, 'state.db'),
    secrets: path.join(home, 'secrets'),
    logs: path.join(home, 'logs'),
    backups: path.join(home, 'backups'),
    run: path.join(home, 'run'),
    cache: path.join(home, 'cache'),
  };
}

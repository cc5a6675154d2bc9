/**
 * The one place that reads `process.env` for platform settings.
 * @module
 */
import os from 'node:os';

/** Platform settings taken from the environment. */
export interface PlatformEnv {
  /** `MCP_HOME`: relocates all state. */
  readonly home: string | undefined;
  /** `MCP_DATABASE_URL`: PostgreSQL instead of the embedded SQLite. */
  readonly databaseUrl: string | undefined;
  /** `MCP_REDIS_URL`: Redis for the scale-out path. */
  readonly redisUrl: string | undefined;
  /** `NO_COLOR` / `FORCE_COLOR`. */
  readonly noColor: boolean;
  readonly forceColor: boolean;
  /** `EDITOR` / `VISUAL` for `mcp config edit`. */
  readonly editor: string | undefined;
  /** The user's home directory. */
  readonly userHome: string;
  /**
   * `MCP_GITHUB_URL`: where `github:` repositories are cloned from (default `https://github.com`); a GitHub
   * Enterprise host, a mirror, or a local directory of bare repositories in tests.
   */
  readonly githubUrl: string | undefined;
}

/** Reads the platform environment (pass another record in tests). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): PlatformEnv {
  const nonEmpty = (v: string | undefined): string | undefined => (v && v.length > 0 ? v : undefined);
  return {
    home: nonEmpty(env.MCP_HOME),
    databaseUrl: nonEmpty(env.MCP_DATABASE_URL),
    redisUrl: nonEmpty(env.MCP_REDIS_URL),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    forceColor: env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0',
    editor: nonEmpty(env.VISUAL) ?? nonEmpty(env.EDITOR),
    userHome: nonEmpty(env.HOME) ?? os.homedir(),
    githubUrl: nonEmpty(env.MCP_GITHUB_URL),
  };
}

/** Looks up one variable, for `${ENV_VAR}` references in server definitions. */
export function lookupEnvVar(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[name];
}

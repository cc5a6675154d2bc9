/**
 * The model of an AI client's MCP configuration: where its file lives on each OS, its format, and the entry
 * that points it at the gateway. One spec per client in `specs/`.
 * @module
 */

/** Clients MCP Platform knows how to configure. */
export const CLIENT_IDS = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
  'codex',
  'gemini',
  'chatgpt',
  'zed',
] as const;

/** A client id as used on the command line. */
export type ClientId = (typeof CLIENT_IDS)[number];

/** User scope: the client's global file; project scope: the file in the current project. */
export type ClientScope = 'user' | 'project';

/** The file format of a client config. */
export type ClientFormat = 'json' | 'jsonc' | 'toml' | 'none';

/** Where files are on this machine (injected, so tests never touch the real home). */
export interface ClientEnv {
  platform: NodeJS.Platform;
  /** The user's home directory. */
  home: string;
  /** `%APPDATA%` on Windows. */
  appData?: string | undefined;
  /** `$XDG_CONFIG_HOME` on Linux. */
  xdgConfig?: string | undefined;
  /** `$CODEX_HOME`. */
  codexHome?: string | undefined;
  /** The project directory for project scope. */
  cwd: string;
}

/** What a client entry points at. */
export interface GatewayTarget {
  /** `http://127.0.0.1:8090/mcp`. */
  url: string;
  /** The client's own API key. */
  key: string;
  /** MCP_HOME of the platform (for `mcp connect`). */
  home: string;
  /** The profile `mcp connect` starts when no platform runs. */
  profile?: string | undefined;
  /** Absolute path of the Node.js executable (stdio clients do not inherit a shell PATH). */
  node: string;
  /** Absolute path of this package's `bin/mcp.js`. */
  bin: string;
}

/** How one client is configured. */
export interface ClientSpec {
  readonly id: ClientId;
  readonly label: string;
  readonly format: ClientFormat;
  readonly scopes: readonly ClientScope[];
  /** The config file for a scope on this machine (undefined: the client has no file for it). */
  path(env: ClientEnv, scope: ClientScope): string | undefined;
  /** A path whose existence shows the client is installed (default: the user config's folder). */
  installedAt?(env: ClientEnv): string;
  /** The key of the object that holds the servers (`mcpServers`, `servers`, `mcp_servers`). */
  readonly serversKey: string;
  /** The entry that points the client at the gateway. */
  entry(target: GatewayTarget): Record<string, unknown>;
  /** What the user must still do or know after the entry is written. */
  notes?(target: GatewayTarget): string[];
}

/** The name of the gateway's entry in every client config. */
export const ENTRY_NAME = 'mcp-platform';

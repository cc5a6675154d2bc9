/**
 * The CLI's client of a running platform's local API (`/api/v1`), authenticated with the control
 * token that only users who can read the platform home have.
 * @module
 */
import type { HomePaths } from '../config/paths.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { readRunInfo, readToken, type RunInfo } from './run-file.js';

/** A connection to the running platform. */
export interface ControlClient {
  readonly info: RunInfo;
  readonly baseUrl: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** Streams newline-delimited JSON objects until the server ends the response or `signal` aborts. */
  stream(path: string, onItem: (item: unknown) => void, signal?: AbortSignal): Promise<void>;
}

/** Connects to the platform of this home, or returns `undefined` when none runs. */
export async function findPlatform(paths: HomePaths): Promise<ControlClient | undefined> {
  const run = await readRunInfo(paths);
  if (!run.info || run.stale) return undefined;
  const token = await readToken(paths).catch(() => undefined);
  if (!token) return undefined;
  const info = run.info;
  const host = info.host === '0.0.0.0' || info.host === '::' ? '127.0.0.1' : info.host;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
  const headers = { authorization: `Bearer ${token}` };

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(baseUrl + path, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new PlatformError(
        PlatformErrorCode.PlatformNotRunning,
        `the platform (pid ${info.pid}) does not answer at ${baseUrl}`,
        { home: paths.home },
        { cause: err, hint: 'check `mcp status`, or restart it with `mcp down && mcp up`' },
      );
    }
    const text = await res.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const e = (data as { error?: { code?: string; message?: string; hint?: string } } | undefined)?.error;
      const code = Object.values(PlatformErrorCode).includes(e?.code as PlatformErrorCode)
        ? (e!.code as PlatformErrorCode)
        : PlatformErrorCode.ControlFailed;
      throw new PlatformError(
        code,
        e?.message ?? `HTTP ${res.status} from ${path}`,
        { status: res.status, body: data },
        {
          ...(e?.hint ? { hint: e.hint } : {}),
        },
      );
    }
    return data as T;
  }

  return {
    info,
    baseUrl,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    async stream(p, onItem, signal) {
      const res = await fetch(baseUrl + p, { headers, signal });
      if (!res.ok || !res.body)
        throw new PlatformError(PlatformErrorCode.ControlFailed, `HTTP ${res.status} from ${p}`);
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i).trim();
            buf = buf.slice(i + 1);
            if (line) onItem(JSON.parse(line));
          }
        }
      } catch (err) {
        if (!signal?.aborted) throw err;
      }
    },
  };
}

/** Like {@link findPlatform}, but throws PlatformNotRunning with the fix. */
export async function requirePlatform(paths: HomePaths): Promise<ControlClient> {
  const client = await findPlatform(paths);
  if (!client) {
    throw new PlatformError(
      PlatformErrorCode.PlatformNotRunning,
      `no platform is running for ${paths.home}`,
      { home: paths.home },
      {
        hint: 'start it with `mcp up` (or `mcp up --detach`)',
      },
    );
  }
  return client;
}

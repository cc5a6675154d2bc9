/**
 * Runs the built CLI (`bin/mcp.js` -> `dist/`) as a user would, with a temporary MCP_HOME.
 * `npm test` builds first; run `npm run build` before running these files alone.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'mcp.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not JSON). */
  json<T = unknown>(): T;
}

export interface CliOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
}

/** Runs `mcp <args>` and collects its output and exit code. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
    delete env.MCP_DATABASE_URL;
    if (opts.env?.MCP_DATABASE_URL) env.MCP_DATABASE_URL = opts.env.MCP_DATABASE_URL;
    if (opts.home !== undefined) env.MCP_HOME = opts.home;
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd ?? ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      }),
    );
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh temporary directory to use as MCP_HOME. */
export async function tempHome(prefix = 'mcp-home-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Every file under `dir` with its SHA-256 (and every directory), to compare a home before and after. */
export function snapshot(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const rel = path.relative(base, p);
    if (statSync(p).isDirectory()) Object.assign(out, { [`${rel}/`]: 'dir' }, snapshot(p, base));
    else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

/**
 * Runs a child process to completion and times it (CLI start-up runs and the RSS probe).
 * @module
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Outcome of one child run. */
export interface ChildResult {
  /** Spawn until the process exited and its stdio closed. */
  readonly ms: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runChild}. */
export interface RunChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** SIGKILL after this long. Default 60 s. */
  readonly timeoutMs?: number;
  /** Called with every complete stderr line as it arrives. */
  readonly onStderrLine?: (line: string) => void;
}

/** Spawns `command args` (no shell), collects its output and resolves when it is gone. */
export function runChild(command: string, args: string[], o: RunChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      const lines = (partial + s).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) o.onStderrLine?.(line);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, signal, stdout, stderr });
    });
  });
}

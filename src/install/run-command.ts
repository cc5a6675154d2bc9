/**
 * Runs one install command (an argv array, no shell) and keeps the tail of its output for error messages.
 * @module
 */
import { spawn } from 'node:child_process';

import { PlatformError, PlatformErrorCode } from '../errors.js';

/** Runs `argv`; rejects with the command, its exit status and the last lines it printed. */
export function runCommand(
  argv: string[],
  opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd!, args, {
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
    });
    let tail = '';
    const keep = (d: Buffer): void => {
      tail = (tail + d.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 10 * 60_000);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new PlatformError(
          PlatformErrorCode.InstallFailed,
          err.code === 'ENOENT'
            ? `${cmd} is not installed (needed to run: ${argv.join(' ')})`
            : `${cmd} could not start: ${err.message}`,
          { command: argv },
          { hint: err.code === 'ENOENT' ? `install ${cmd}, or choose another source` : undefined },
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const lines = tail.trim().split('\n').slice(-8).join('\n');
      reject(
        new PlatformError(
          PlatformErrorCode.InstallFailed,
          `${argv.join(' ')} failed (${signal ? `killed by ${signal}` : `exit ${code}`})${lines ? `:\n${lines}` : ''}`,
          { command: argv, code, signal },
        ),
      );
    });
  });
}

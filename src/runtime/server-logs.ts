/**
 * One server's stderr: a rotating file `<logsDir>/<name>.log`, an in-memory ring for tails, and followers.
 * @module
 */
import path from 'node:path';

import type { Clock, LeveledLogger } from '../core/types.js';
import { errorMessage } from '../errors.js';

import { LineRing, type LineRingOptions } from './line-ring.js';
import { RotatingLogFile, type RotatingLogOptions } from './rotating-log.js';

/** A follower of a server's log lines. */
export type LogListener = (line: string) => void;

/** Options of {@link ServerLogs}. */
export interface ServerLogsOptions {
  logsDir: string;
  file?: RotatingLogOptions;
  ring?: LineRingOptions;
  clock: Clock;
  logger: LeveledLogger;
}

/**
 * Collects a server's stderr and the supervisor's notes about it (`[mcp] ...` lines: starts, exits, dropped
 * stdout lines). File errors are logged once and never stop the server.
 * @example
 * const logs = new ServerLogs('github', { logsDir, clock: Date, logger });
 * const stop = logs.follow((line) => send(line));
 */
export class ServerLogs {
  private readonly file: RotatingLogFile;
  private readonly ring: LineRing;
  private readonly listeners = new Set<LogListener>();
  private fileFailed = false;
  /** Whether the file ends with a newline, so a note starts on its own line even after a partial stderr line. */
  private atLineStart = true;

  constructor(
    readonly name: string,
    private readonly options: ServerLogsOptions,
  ) {
    this.file = new RotatingLogFile(path.join(options.logsDir, `${name}.log`), options.file);
    this.ring = new LineRing(options.ring);
  }

  /** Path of the live log file. */
  get filePath(): string {
    return this.file.file;
  }

  /** Records a chunk of the server's stderr. */
  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.toFile(chunk);
    this.atLineStart = chunk[chunk.length - 1] === 0x0a;
    this.emit(this.ring.push(chunk));
  }

  /** Records a supervisor note, timestamped, on its own line. */
  note(text: string): void {
    this.emit(this.ring.flush());
    const line = `[mcp ${new Date(this.options.clock.now()).toISOString()}] ${text}`;
    this.toFile(`${this.atLineStart ? '' : '\n'}${line}\n`);
    this.atLineStart = true;
    this.emit(this.ring.push(`${line}\n`));
  }

  /** Emits a pending partial stderr line (call when the process's stderr ends). */
  flush(): void {
    this.emit(this.ring.flush());
  }

  /** The last `n` lines, oldest first. */
  tail(n: number): string[] {
    return this.ring.tail(n);
  }

  /** Calls `listener` for every new line until the returned function is called. */
  follow(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Closes the file and drops followers. */
  close(): void {
    this.flush();
    this.listeners.clear();
    this.file.close();
  }

  private toFile(data: Buffer | string): void {
    if (this.fileFailed) return;
    try {
      this.file.write(data);
    } catch (err) {
      this.fileFailed = true;
      this.options.logger.warn('server log file unwritable; keeping logs in memory only', {
        server: this.name,
        file: this.file.file,
        error: errorMessage(err),
      });
    }
  }

  private emit(lines: string[]): void {
    for (const line of lines) {
      for (const listener of this.listeners) {
        try {
          listener(line);
        } catch (err) {
          this.options.logger.warn('log follower threw', { server: this.name, error: errorMessage(err) });
        }
      }
    }
  }
}

/**
 * A size-rotated append-only log file: `<name>.log`, `<name>.log.1` ... `<name>.log.<keep>`.
 * Writes are synchronous on purpose: a flooding server's stderr then backpressures through its pipe instead of
 * piling up in memory, and rotation never races with a pending write.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';

/** Options of {@link RotatingLogFile}. */
export interface RotatingLogOptions {
  /** Rotate when the file would grow past this many bytes. Default 5 MB. */
  maxBytes?: number;
  /** Rotated files to keep besides the live one. Default 3. */
  keep?: number;
}

/**
 * Appends to a log file, rotating by size.
 * @example
 * const log = new RotatingLogFile('/home/u/.mcp-platform/logs/github.log', { maxBytes: 5 << 20, keep: 3 });
 * log.write(Buffer.from('hello\n'));
 */
export class RotatingLogFile {
  private fd: number | undefined;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    /** Path of the live file. */
    readonly file: string,
    options: RotatingLogOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = options.keep ?? 3;
  }

  /** Appends bytes, rotating first when they would not fit. A chunk larger than the limit is written whole. */
  write(data: Buffer | string): void {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (buf.length === 0) return;
    this.open();
    if (this.size > 0 && this.size + buf.length > this.maxBytes) this.rotate();
    fs.writeSync(this.fd!, buf);
    this.size += buf.length;
  }

  /** Closes the file; a later write reopens it. */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** Paths of the live file and the rotated ones, newest first (existing or not). */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.keep }, (_, i) => `${this.file}.${i + 1}`)];
  }

  private open(): void {
    if (this.fd !== undefined) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    const files = this.files();
    if (this.keep === 0) {
      fs.rmSync(this.file, { force: true });
    } else {
      for (let i = files.length - 1; i > 0; i--) {
        // rename overwrites the oldest (`.keep`), which is how it is dropped.
        if (fs.existsSync(files[i - 1]!)) fs.renameSync(files[i - 1]!, files[i]!);
      }
    }
    this.open();
  }
}

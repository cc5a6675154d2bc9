/**
 * A bounded in-memory ring of the most recent lines of a stream, for `tail`.
 * @module
 */

/** Options of {@link LineRing}. */
export interface LineRingOptions {
  /** Most lines kept. Default 1000. */
  maxLines?: number;
  /** Most bytes (UTF-16 code units, approximately) kept across all lines. Default 1 MB. */
  maxBytes?: number;
  /** Longer lines are cut and marked with `…`. Default 8 KB. */
  maxLineLength?: number;
}

/**
 * Splits a byte stream into lines and keeps the last ones within both a line and a byte budget.
 * @example
 * const ring = new LineRing({ maxLines: 2 });
 * ring.push('a\nb\nc\n'); // ['a', 'b', 'c']
 * ring.tail(5);           // ['b', 'c']
 */
export class LineRing {
  private readonly lines: string[] = [];
  private head = 0;
  private bytes = 0;
  private partial = '';
  private readonly maxLines: number;
  private readonly maxBytes: number;
  private readonly maxLineLength: number;

  constructor(options: LineRingOptions = {}) {
    this.maxLines = options.maxLines ?? 1000;
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.maxLineLength = options.maxLineLength ?? 8192;
  }

  /** Adds a chunk; returns the lines it completed (a trailing partial line waits for more). */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > this.maxLineLength) {
      // A line that never ends must not grow without bound: emit what we have.
      parts.push(this.partial);
      this.partial = '';
    }
    const done = parts.map((l) => this.clip(l.endsWith('\r') ? l.slice(0, -1) : l));
    for (const line of done) this.add(line);
    return done;
  }

  /** Emits a pending partial line, if any (call when the stream ends). */
  flush(): string[] {
    if (this.partial === '') return [];
    const line = this.clip(this.partial);
    this.partial = '';
    this.add(line);
    return [line];
  }

  /** The last `n` lines, oldest first. */
  tail(n: number): string[] {
    const live = this.lines.length - this.head;
    return this.lines.slice(this.head + Math.max(0, live - Math.max(0, n)));
  }

  /** Number of lines held. */
  get size(): number {
    return this.lines.length - this.head;
  }

  private clip(line: string): string {
    return line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
  }

  private add(line: string): void {
    this.lines.push(line);
    this.bytes += line.length + 1;
    while (this.size > this.maxLines || (this.bytes > this.maxBytes && this.size > 1)) {
      this.bytes -= this.lines[this.head]!.length + 1;
      this.head += 1;
    }
    // Compact occasionally so the backing array does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head);
      this.head = 0;
    }
  }
}

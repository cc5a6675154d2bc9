/**
 * All CLI output: JSON for `--json`, tables and colour for people (colour only on a TTY, never with JSON).
 * @module
 */
import type { Writable } from 'node:stream';

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

/** Output settings. */
export interface OutputOptions {
  json: boolean;
  color: boolean;
  stdout?: Writable;
  stderr?: Writable;
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;
type Style = keyof typeof codes;

/** Writes results and messages in the user's chosen format. */
export class Output {
  readonly json: boolean;
  readonly color: boolean;
  private readonly stdout: Writable;
  private readonly stderr: Writable;

  constructor(opts: OutputOptions) {
    this.json = opts.json;
    this.color = opts.color && !opts.json;
    this.stdout = opts.stdout ?? process.stdout;
    this.stderr = opts.stderr ?? process.stderr;
  }

  /** Applies a style when colour is on. */
  paint(style: Style, text: string): string {
    return this.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
  }

  /** Prints a result: as JSON with `--json`, else through `human`. */
  result(data: unknown, human: () => void): void {
    this.progressDone();
    if (this.json) this.stdout.write(JSON.stringify(data, null, 2) + '\n');
    else human();
  }

  /** A line for people (suppressed with `--json`). */
  line(text = ''): void {
    this.progressDone();
    if (!this.json) this.stdout.write(text + '\n');
  }

  /** A success message for people. */
  success(text: string): void {
    this.line(`${this.paint('green', '✔')} ${text}`);
  }

  private spin: { text: string; since: number; frame: number; timer: NodeJS.Timeout } | undefined;

  /**
   * Progress of long work, on stderr: on a terminal one line rewritten in place with a spinner and the
   * seconds the step has taken; otherwise one plain line per step (logs, CI). Never on stdout, so `--json`
   * output stays clean. `step`/`total` prefix the text as `[2/5]`.
   */
  progress(text: string, step?: { step: number; total: number }): void {
    const line = step ? `[${step.step}/${step.total}] ${text}` : text;
    if ((this.stderr as NodeJS.WriteStream).isTTY !== true) {
      this.stderr.write(`${line}\n`);
      return;
    }
    if (!this.spin) {
      const timer = setInterval(() => this.drawSpinner(), 100);
      timer.unref();
      this.spin = { text: line, since: Date.now(), frame: 0, timer };
    } else Object.assign(this.spin, { text: line, since: Date.now() });
    this.drawSpinner();
  }

  private drawSpinner(): void {
    if (!this.spin) return;
    const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
    const s = this.spin;
    const secs = Math.floor((Date.now() - s.since) / 1000);
    const frame = frames[s.frame++ % frames.length]!;
    this.stderr.write(`\r\u001b[2K${this.paint('blue', frame)} ${s.text}${secs ? ` (${secs} s)` : ''}`);
  }

  /** Ends a progress display (stops the spinner; a newline on a terminal). Any other output ends it too. */
  progressDone(): void {
    if (this.spin) clearInterval(this.spin.timer);
    const had = this.spin !== undefined;
    this.spin = undefined;
    if (had && (this.stderr as NodeJS.WriteStream).isTTY === true) this.stderr.write('\n');
  }

  /** A warning, always on stderr. */
  warn(text: string): void {
    this.progressDone();
    this.stderr.write(`${this.paint('yellow', 'warning:')} ${text}\n`);
  }

  /** An error with its fix, on stderr. */
  error(message: string, hint?: string, detail?: string): void {
    this.progressDone();
    this.stderr.write(`${this.paint('red', 'error:')} ${message}\n`);
    if (hint) this.stderr.write(`  ${this.paint('gray', 'fix:')} ${hint}\n`);
    if (detail) this.stderr.write(detail + '\n');
  }

  /** Prints rows as an aligned table with a header; `(none)` when empty. */
  table(
    rows: Record<string, unknown>[],
    columns: { key: string; label: string; style?: (v: string) => string }[],
  ): void {
    if (rows.length === 0) {
      this.line(this.paint('gray', '(none)'));
      return;
    }
    const cells = rows.map((r) => columns.map((c) => formatCell(r[c.key])));
    const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i]!.length)));
    this.line(
      columns
        .map((c, i) => this.paint('bold', c.label.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
    for (const row of cells) {
      this.line(
        row
          .map((v, i) => {
            const styled = columns[i]!.style?.(v) ?? v;
            return styled + ' '.repeat(widths[i]! - v.length);
          })
          .join('  ')
          .trimEnd(),
      );
    }
  }
}

function formatCell(v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Whether colour should be used for a stream, given NO_COLOR/FORCE_COLOR. */
export function wantsColor(
  stream: { isTTY?: boolean },
  env: { noColor: boolean; forceColor: boolean },
): boolean {
  if (env.noColor) return false;
  if (env.forceColor) return true;
  return stream.isTTY === true;
}

/**
 * The platform's leveled, structured logger. Writes one line per event to a stream (stderr by
 * default; stdout is reserved for MCP traffic in stdio mode). Field names that look like credentials
 * are redacted, so secrets never reach a log.
 * @module
 */
import type { Writable } from 'node:stream';

/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(authorization|token|secret|password|api[-_]?key|cookie)/i;

/** The logger interface every layer receives by injection. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: LogLevel;
  /** JSON lines (for files and machines) or `time level msg k=v` text (for people). */
  format?: 'json' | 'text';
  stream?: Writable;
  clock?: () => Date;
}

/** Replaces values of credential-like keys, recursively. */
export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Error))
      out[k] = redact(v as Record<string, unknown>);
    else if (v instanceof Error) out[k] = v.message;
    else out[k] = v;
  }
  return out;
}

/**
 * Creates a logger.
 * @example const log = createLogger({ level: 'info' }); log.info('server started', { server: 'echo', pid: 42 });
 */
export function createLogger(opts: LoggerOptions = {}, base: Record<string, unknown> = {}): Logger {
  const level = ORDER[opts.level ?? 'info'];
  const stream = opts.stream ?? process.stderr;
  const clock = opts.clock ?? (() => new Date());
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < level) return;
    const all = redact({ ...base, ...fields });
    const time = clock().toISOString();
    if (opts.format === 'text') {
      const kv = Object.entries(all)
        .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
        .join(' ');
      stream.write(`${time} ${lvl.padEnd(5)} ${msg}${kv ? ' ' + kv : ''}\n`);
    } else {
      stream.write(JSON.stringify({ time, level: lvl, msg, ...all }) + '\n');
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(opts, { ...base, ...fields }),
  };
}

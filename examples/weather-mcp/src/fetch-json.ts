/**
 * GET a JSON document with a per-attempt timeout and retries with exponential backoff.
 *
 * Retried: 5xx statuses and network failures, which tend to be brief. Not retried: 4xx (the
 * request itself is wrong; 429 included, to stay polite), malformed bodies, and timeouts (a slow
 * upstream rarely gets faster in a second, and retrying would multiply the caller's wait).
 * @module
 */
import { RetryableUpstreamError, WeatherError, WeatherErrorCode } from './errors.js';

/** Exponential backoff bounds. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  readonly baseMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
}

/** Options of {@link fetchJson}. */
export interface FetchJsonOptions {
  /** Abort an attempt after this long. */
  readonly timeoutMs: number;
  /** Extra attempts after the first one. */
  readonly retries: number;
  readonly backoff?: BackoffOptions;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Injected for tests; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests; defaults to `Math.random`. */
  readonly random?: () => number;
}

/** Defaults: 250 ms, 500 ms, 1 s, ... capped at 4 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 4_000 };

/**
 * Delay before retry number `retry` (1-based): `baseMs * 2^(retry-1)`, capped at `maxMs`, then
 * scaled by a random factor in [0.5, 1) so that many clients do not retry in lockstep.
 * @example backoffDelay(3, { baseMs: 100, maxMs: 1000 }, () => 0) // 200
 */
export function backoffDelay(
  retry: number,
  backoff: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (retry - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

/**
 * Fetches `url` and parses the JSON body.
 * @throws {WeatherError} after the last attempt; a {@link RetryableUpstreamError} if retries ran out.
 */
export async function fetchJson(url: URL, options: FetchJsonOptions): Promise<unknown> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(url, attempt, options);
    } catch (error) {
      if (!(error instanceof RetryableUpstreamError) || attempt > options.retries) throw error;
      await sleep(backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF, options.random));
    }
  }
}

async function fetchOnce(url: URL, attempt: number, options: FetchJsonOptions): Promise<unknown> {
  const fetchFn = options.fetch ?? fetch;
  const of = `${attempt} of ${options.retries + 1}`;
  try {
    // The signal also covers reading the body, so a server that stalls mid-body times out too.
    const response = await fetchFn(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) {
      const reason = await readReason(response);
      const message = `${url.host} answered HTTP ${response.status}${reason ? `: ${reason}` : ''} (attempt ${of})`;
      const data = { url: url.href, status: response.status, reason, attempt };
      throw response.status >= 500
        ? new RetryableUpstreamError(WeatherErrorCode.UpstreamStatus, message, data)
        : new WeatherError(WeatherErrorCode.UpstreamStatus, message, data);
    }
    return await response.json();
  } catch (error) {
    if (error instanceof WeatherError) throw error;
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new WeatherError(
        WeatherErrorCode.UpstreamTimeout,
        `${url.host} did not answer within ${options.timeoutMs} ms`,
        { url: url.href, timeoutMs: options.timeoutMs },
        { cause: error },
      );
    }
    if (error instanceof SyntaxError) {
      throw new WeatherError(
        WeatherErrorCode.UpstreamInvalidResponse,
        `${url.host} sent a body that is not JSON`,
        {
          url: url.href,
        },
      );
    }
    throw new RetryableUpstreamError(
      WeatherErrorCode.UpstreamUnreachable,
      `could not reach ${url.host}: ${networkReason(error)} (attempt ${of})`,
      { url: url.href, attempt },
      { cause: error },
    );
  }
}

/** Open-Meteo explains errors as `{"error": true, "reason": "..."}`. */
async function readReason(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { reason?: unknown };
    return typeof body.reason === 'string' ? body.reason.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** `fetch` reports network failures as `TypeError('fetch failed')` with the real error as `cause`. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}

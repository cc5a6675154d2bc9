/**
 * Typed errors of the weather server. Whether a failure is worth retrying is expressed by the
 * class ({@link RetryableUpstreamError}), not by a flag.
 * @module
 */

/** Machine-readable error codes. */
export enum WeatherErrorCode {
  /** Open-Meteo did not answer in time. Not retried. `data`: `{ url, timeoutMs }`. */
  UpstreamTimeout = 'UPSTREAM_TIMEOUT',
  /** The connection failed or was reset. Retried. `data`: `{ url, attempt }`. */
  UpstreamUnreachable = 'UPSTREAM_UNREACHABLE',
  /** Open-Meteo answered with a non-2xx status; retried only for 5xx. `data`: `{ url, status, reason, attempt }`. */
  UpstreamStatus = 'UPSTREAM_STATUS',
  /** The body was not JSON of the expected shape. Not retried. `data`: `{ url, issues }`. */
  UpstreamInvalidResponse = 'UPSTREAM_INVALID_RESPONSE',
}

/** Base class of the errors this server raises on purpose. */
export class WeatherError extends Error {
  override readonly name: string = 'WeatherError';

  constructor(
    readonly code: WeatherErrorCode,
    message: string,
    readonly data?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure that may go away on its own: a 5xx status or a network error. */
export class RetryableUpstreamError extends WeatherError {
  override readonly name: string = 'RetryableUpstreamError';
}

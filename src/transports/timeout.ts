/**
 * A deadline for one step of connecting (initialize, list tools, session renewal).
 * @module
 */
import { systemTimers, type Timers } from '../core/types.js';
import { PlatformErrorCode } from '../errors.js';
import { TransportError } from './errors.js';

/**
 * Settles like `promise`, or rejects with `TransportError(UPSTREAM_TIMEOUT, { step, ms })` after `ms`.
 * The losing promise is not cancelled; callers close the transport to abandon it.
 *
 * @example
 * await withTimeout(client.connect(transport), 10_000, 'initialize');
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  step: string,
  timers: Timers = systemTimers,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimeout(() => {
      reject(
        new TransportError(PlatformErrorCode.UpstreamTimeout, `${step} did not finish within ${ms} ms`, {
          step,
          ms,
        }),
      );
    }, ms);
    promise.then(
      (value) => {
        timers.clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        timers.clearTimeout(handle);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

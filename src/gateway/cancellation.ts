/**
 * The cancellation of one downstream request. Most requests are never cancelled, and an `AbortController`
 * with an event listener per request is among the dearest things on the forwarding path; so a request
 * carries this instead: `onAbort` registrations in a plain list, and a real `AbortSignal` made only when
 * something asks for one (the SDK's request options, a private upstream).
 * @module
 */

/** Something that may be cancelled, and tells whoever registered. */
export interface Abortable {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** An `AbortSignal` that follows it (for APIs that take one). */
  readonly signal: AbortSignal;
  /** Calls `listener` once when cancelled (at once when already cancelled); returns its removal. */
  onAbort(listener: (reason: unknown) => void): () => void;
}

/** Cancellation of one request (see the module comment). */
export class Cancellation implements Abortable {
  aborted = false;
  reason: unknown = undefined;
  private controller: AbortController | undefined;
  private listeners: (((reason: unknown) => void) | undefined)[] | undefined;

  /** An `AbortSignal` that follows this cancellation, made on first use. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  onAbort(listener: (reason: unknown) => void): () => void {
    if (this.aborted) {
      listener(this.reason);
      return noop;
    }
    const listeners = (this.listeners ??= []);
    const slot = listeners.push(listener) - 1;
    return () => {
      if (this.listeners === listeners) listeners[slot] = undefined;
    };
  }

  /** Cancels (once): `reason` as given, else an `AbortError` as `AbortController.abort()` makes. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason =
      reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.controller?.abort(this.reason);
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener?.(this.reason);
  }
}

/** An `AbortSignal` seen as an {@link Abortable} (for callers that hold a real signal). */
export function abortableOf(signal: AbortSignal): Abortable {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason as unknown;
    },
    signal,
    onAbort(listener) {
      if (signal.aborted) {
        listener(signal.reason);
        return noop;
      }
      const onAbort = (): void => listener(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      return () => signal.removeEventListener('abort', onAbort);
    },
  };
}

function noop(): void {}

/**
 * The dashboard's HTTP client: same-origin requests carrying the session cookie, the CSRF token on every
 * state change, the API's one error shape turned into `ApiError`, and NDJSON streams read line by line.
 * @module
 */

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/** Sets the CSRF token of the current login (null after logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the API answers 401 (the login ended). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Headers of a request: JSON body type and, on state changes, the CSRF token. */
export function requestHeaders(method: string, hasBody: boolean): Record<string, string> {
  return {
    accept: 'application/json',
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
    ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
  };
}

async function failure(res: Response): Promise<ApiError> {
  if (res.status === 401) for (const l of unauthorizedListeners) l();
  let body: { error?: { code?: string; message?: string; hint?: string; details?: unknown } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON
  }
  const e = body.error ?? {};
  return new ApiError(
    res.status,
    e.code ?? `HTTP_${res.status}`,
    e.message ?? res.statusText,
    e.hint,
    e.details,
  );
}

/** Calls the API; resolves with the JSON answer or rejects with an `ApiError`. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: requestHeaders(method, body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Calls a streaming route and hands each NDJSON line to `onItem`; resolves when the stream ends. */
export async function streamLines<T>(
  method: string,
  path: string,
  body: unknown,
  onItem: (item: T) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: requestHeaders(method, body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onItem(JSON.parse(line) as T);
  }
  if (rest.trim()) onItem(JSON.parse(rest) as T);
}

/** The message to show for an error. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.hint ? `${err.message} — ${err.hint}` : err.message;
  return err instanceof Error ? err.message : String(err);
}

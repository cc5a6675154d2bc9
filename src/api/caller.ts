/**
 * Who a request is from: the control token, an API key (bearer or X-API-Key), or a dashboard login cookie.
 * A cookie login is re-checked against its key on every request, so revoking the key ends it. Also the CSRF
 * rule for cookie logins: state changes need the session's token in `X-CSRF-Token` and an Origin equal to
 * the request's own.
 * @module
 */
import type { IncomingMessage } from 'node:http';

import type { ApiDeps } from './deps.js';
import { bearerToken, safeEqual } from './edge.js';
import type { Caller } from './route.js';
import { sessionIdOf } from './session-cookie.js';

const ALL_SCOPES = ['admin', 'read', 'mcp'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** No credential (or an unknown one). `invalid` is set when one was presented and refused. */
export interface Anonymous extends Caller {
  kind: 'none';
  invalid?: boolean;
}

/** Resolves the caller of a request. */
export async function resolveCaller(req: IncomingMessage, deps: ApiDeps): Promise<Caller | Anonymous> {
  const token = bearerToken(req);
  if (token) {
    if (safeEqual(token, deps.token)) return { kind: 'token', scopes: ALL_SCOPES, gatewayToken: token };
    const id = await deps.identifyKey?.(token);
    if (id) return { kind: 'key', scopes: id.scopes, keyId: id.id, keyName: id.name, gatewayToken: token };
    return { kind: 'none', scopes: [], invalid: true };
  }
  const session = deps.logins?.get(sessionIdOf(req));
  if (session) {
    const id = await deps.identifyKey?.(session.key);
    if (!id) {
      deps.logins?.delete(session.id);
      return { kind: 'none', scopes: [], invalid: true };
    }
    return { kind: 'session', scopes: id.scopes, keyId: id.id, keyName: id.name, gatewayToken: session.key };
  }
  return { kind: 'none', scopes: [] };
}

/**
 * Whether an Origin is the request's own: same host and port as the Host header (the scheme may differ
 * behind a TLS proxy).
 */
export function isOwnOrigin(req: IncomingMessage, origin: string): boolean {
  try {
    return new URL(origin).host === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Why a cookie-authenticated state change is refused (undefined: allowed). Safe methods pass; otherwise the
 * Origin must be the request's own and `X-CSRF-Token` the session's token.
 */
export function csrfProblem(req: IncomingMessage, deps: ApiDeps): string | undefined {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(req, origin))
    return `Origin "${origin}" is not this dashboard's origin`;
  const session = deps.logins?.get(sessionIdOf(req));
  const header = req.headers['x-csrf-token'];
  const presented = Array.isArray(header) ? header[0] : header;
  if (!session || !deps.logins?.checkCsrf(session, presented))
    return 'missing or wrong X-CSRF-Token header (GET /api/v1/auth/session returns it)';
  return undefined;
}

/** Whether a cross-origin login attempt must be refused (an Origin that is not the request's own). */
export function foreignOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return origin !== undefined && !isOwnOrigin(req, origin) ? origin : undefined;
}

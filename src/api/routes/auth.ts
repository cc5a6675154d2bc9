/**
 * Dashboard login: an API key (scope `read` or `admin`) is exchanged for an HttpOnly session cookie and a
 * CSRF token; the cookie then authenticates API calls with the key's scopes, and state changes also need
 * the token in `X-CSRF-Token` (see `control-app.ts`).
 * @module
 */
import * as z from 'zod';

import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { sessionCookie, sessionIdOf } from '../session-cookie.js';

const sessionSchema = z.object({
  authenticated: z.boolean(),
  via: z.enum(['none', 'token', 'key', 'session']),
  name: z.string().nullable().describe('The key name'),
  scopes: z.array(z.string()),
  csrfToken: z.string().nullable().describe('Send it as X-CSRF-Token on state changes (cookie logins only)'),
  expiresAt: z.number().nullable(),
});

/** Auth routes. */
export const authRoutes: ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'auth',
    summary: 'Log in with an API key: sets the session cookie and returns the CSRF token',
    description:
      'The cookie is `__Host-mcp_session` (Secure, HttpOnly, SameSite=Strict) on HTTPS and loopback hosts, ' +
      '`mcp_session` (not Secure) over plain HTTP to other hosts. Ten failed attempts per minute and address ' +
      'are allowed; then 429.',
    scope: 'none',
    csrf: false,
    body: z.object({ key: z.string().min(1).max(512) }).strict(),
    response: sessionSchema,
    handler: async ({ deps, body, req, res }) => {
      const logins = deps.logins;
      if (!logins || !deps.identifyKey) throw new HttpError(404, 'NOT_AVAILABLE', 'logins are not enabled');
      const address = req.socket.remoteAddress ?? '';
      if (logins.throttled(address))
        throw new HttpError(429, 'TOO_MANY_ATTEMPTS', 'too many failed logins: wait a minute');
      const identity = await deps.identifyKey(body.key.trim());
      if (!identity) {
        logins.failed(address);
        deps.logger.warn('dashboard login refused: unknown or revoked key', { address });
        throw new HttpError(401, 'UNAUTHORIZED', 'unknown or revoked key');
      }
      if (!identity.scopes.includes('read') && !identity.scopes.includes('admin')) {
        throw new HttpError(
          403,
          'SCOPE_REQUIRED',
          `key "${identity.name}" has only the ${identity.scopes.join(', ')} scope; the dashboard needs read or admin`,
          { hint: 'create one with `mcp key create --name dashboard --scope admin`' },
        );
      }
      const session = logins.create(body.key.trim(), identity);
      res.setHeader('set-cookie', sessionCookie(req, session.id, (session.expiresAt - Date.now()) / 1000));
      res.setHeader('cache-control', 'no-store');
      deps.logger.info('dashboard login', { key: identity.name });
      return {
        authenticated: true,
        via: 'session' as const,
        name: identity.name,
        scopes: [...identity.scopes],
        csrfToken: session.csrf,
        expiresAt: session.expiresAt,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/auth/session',
    tag: 'auth',
    summary: 'Who the request is authenticated as (and, for a cookie login, its CSRF token)',
    scope: 'none',
    response: sessionSchema,
    handler: ({ deps, caller, req, res }) => {
      res.setHeader('cache-control', 'no-store');
      const session = caller.kind === 'session' ? deps.logins?.get(sessionIdOf(req)) : undefined;
      return {
        authenticated: caller.kind !== 'none',
        via: caller.kind,
        name: caller.keyName ?? (caller.kind === 'token' ? 'control token' : null),
        scopes: [...caller.scopes],
        csrfToken: session?.csrf ?? null,
        expiresAt: session?.expiresAt ?? null,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/logout',
    tag: 'auth',
    summary: 'End the cookie session',
    scope: 'none',
    response: z.object({ ok: z.literal(true) }),
    handler: ({ deps, req, res }) => {
      const id = sessionIdOf(req);
      if (id) deps.logins?.delete(id);
      res.setHeader('set-cookie', sessionCookie(req, undefined, 0));
      return { ok: true as const };
    },
  }),
];

/**
 * The dashboard's session cookie. On a secure context (HTTPS, or a loopback host, which browsers treat as
 * secure) it is `__Host-mcp_session`: Secure, HttpOnly, SameSite=Strict, Path=/ and no Domain, so no other
 * host or path can set or read it. Browsers refuse Secure cookies over plain HTTP to any other host (a
 * platform bound to a LAN address without TLS), so there the cookie is `mcp_session`, without Secure and
 * without the prefix, and otherwise the same.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

import { hostName } from './edge.js';

/** The cookie name on secure contexts. */
export const SECURE_COOKIE = '__Host-mcp_session';
/** The cookie name over plain HTTP to a non-loopback host. */
export const PLAIN_COOKIE = 'mcp_session';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** Whether browsers treat the request's origin as a secure context (HTTPS or a loopback host). */
export function isSecureContext(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return LOOPBACK.test(hostName(req.headers.host ?? ''));
}

/** The cookies of a request. */
export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (!(name in out)) out[name] = value;
  }
  return out;
}

/** The session id a request carries, from the cookie its context would use. */
export function sessionIdOf(req: IncomingMessage): string | undefined {
  const cookies = parseCookies(req);
  return isSecureContext(req) ? cookies[SECURE_COOKIE] : cookies[PLAIN_COOKIE];
}

/** The Set-Cookie value that stores `id` (or, with `id` undefined, clears the cookie). */
export function sessionCookie(req: IncomingMessage, id: string | undefined, maxAgeSeconds: number): string {
  const secure = isSecureContext(req);
  const name = secure ? SECURE_COOKIE : PLAIN_COOKIE;
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  if (id === undefined) return `${name}=; ${attrs.join('; ')}; Max-Age=0`;
  return `${name}=${id}; ${attrs.join('; ')}; Max-Age=${Math.floor(maxAgeSeconds)}`;
}

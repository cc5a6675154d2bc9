/**
 * Edge checks shared by every HTTP endpoint of the platform: DNS-rebinding protection (Host and
 * Origin must be local unless allowed) and bearer-token comparison in constant time.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { sha256, sha256Text } from '../auth/digest.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header value, without the port. */
export function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * Whether a request's Host and Origin are acceptable: a local Host (or the bind address, or one in
 * `allowedHosts`), and no Origin or a local/allowed one.
 */
export function checkHostAndOrigin(
  req: IncomingMessage,
  opts: { bindHost: string; allowedOrigins: readonly string[] },
): { ok: true } | { ok: false; reason: string } {
  const host = req.headers.host;
  if (!host) return { ok: false, reason: 'missing Host header' };
  const name = hostName(host).toLowerCase();
  const wildcard = opts.bindHost === '0.0.0.0' || opts.bindHost === '::';
  if (!LOCAL_HOSTS.has(name) && name !== opts.bindHost.toLowerCase() && !wildcard) {
    return { ok: false, reason: `Host "${host}" is not allowed` };
  }
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      return { ok: false, reason: `Origin "${origin}" is invalid` };
    }
    const local = LOCAL_HOSTS.has(originHost) || LOCAL_HOSTS.has(`[${originHost}]`);
    if (!local && !opts.allowedOrigins.includes(origin))
      return { ok: false, reason: `Origin "${origin}" is not allowed` };
  } else if (origin === 'null') {
    return { ok: false, reason: 'Origin "null" is not allowed' };
  }
  return { ok: true };
}

/** The bearer token of a request (Authorization: Bearer ... or X-API-Key). */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const key = req.headers['x-api-key'];
  return typeof key === 'string' ? key.trim() : undefined;
}

/**
 * A fingerprint of the request's credential (SHA-256 of the bearer token or X-API-Key, '' without one):
 * what the gateway binds a client session to, so a session id replayed with another key finds nothing.
 */
export function credentialFingerprint(req: IncomingMessage): string {
  const token = bearerToken(req);
  return token ? sha256Text(token, 'base64url') : '';
}

/** Compares two secrets in constant time (hashing first so lengths leak nothing). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

import type { IncomingMessage } from 'node:http';

import { describe, expect, it } from 'vitest';

import { LoginSessions } from './login-sessions.js';
import { PLAIN_COOKIE, SECURE_COOKIE, sessionCookie, sessionIdOf } from './session-cookie.js';

const req = (host: string, cookie?: string): IncomingMessage =>
  ({ headers: { host, ...(cookie ? { cookie } : {}) }, socket: {} }) as unknown as IncomingMessage;

describe('dashboard logins', () => {
  it('expires sessions after their idle and absolute lifetimes', () => {
    let now = 0;
    const logins = new LoginSessions({ ttlMs: 10_000, idleMs: 4_000, now: () => now });
    const s = logins.create('mcp_key', { id: 'k1', name: 'dash' });
    now = 3_000;
    expect(logins.get(s.id)?.keyName).toBe('dash');
    now = 6_500; // 3.5 s since the last use: still alive
    expect(logins.get(s.id)).toBeDefined();
    now = 10_500; // past the absolute lifetime
    expect(logins.get(s.id)).toBeUndefined();
    const idle = logins.create('mcp_key', { id: 'k1', name: 'dash' });
    now += 4_000;
    expect(logins.get(idle.id)).toBeUndefined();
  });

  it('checks CSRF tokens and ends every session of a revoked key', () => {
    const logins = new LoginSessions();
    const a = logins.create('mcp_a', { id: 'ka', name: 'a' });
    const b = logins.create('mcp_b', { id: 'kb', name: 'b' });
    expect(logins.checkCsrf(a, a.csrf)).toBe(true);
    expect(logins.checkCsrf(a, b.csrf)).toBe(false);
    expect(logins.checkCsrf(a, undefined)).toBe(false);
    expect(logins.checkCsrf(a, '')).toBe(false);
    expect(logins.endKey('ka')).toBe(1);
    expect(logins.get(a.id)).toBeUndefined();
    expect(logins.get(b.id)).toBeDefined();
  });

  it('throttles an address after too many failures within a minute', () => {
    let now = 0;
    const logins = new LoginSessions({ maxFailuresPerMinute: 3, now: () => now });
    for (let i = 0; i < 3; i++) logins.failed('1.2.3.4');
    expect(logins.throttled('1.2.3.4')).toBe(true);
    expect(logins.throttled('5.6.7.8')).toBe(false);
    now = 61_000;
    expect(logins.throttled('1.2.3.4')).toBe(false);
  });
});

describe('session cookie', () => {
  it('is __Host- and Secure on loopback hosts, plain over HTTP to other hosts', () => {
    const local = sessionCookie(req('127.0.0.1:8090'), 'abc', 60);
    expect(local).toBe(`${SECURE_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=60`);
    expect(sessionCookie(req('localhost:8090'), 'abc', 60)).toMatch(/^__Host-mcp_session=abc;.*Secure/);
    const lan = sessionCookie(req('192.168.1.5:8090'), 'abc', 60);
    expect(lan).toBe(`${PLAIN_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`);
    expect(sessionCookie(req('127.0.0.1'), undefined, 0)).toMatch(/Max-Age=0$/);
  });

  it('reads only the cookie its context would use', () => {
    expect(sessionIdOf(req('127.0.0.1:1', `${SECURE_COOKIE}=s1; other=x`))).toBe('s1');
    // A plain cookie (settable by any page over HTTP) is ignored where the __Host- one applies.
    expect(sessionIdOf(req('127.0.0.1:1', `${PLAIN_COOKIE}=s2`))).toBeUndefined();
    expect(sessionIdOf(req('10.0.0.2:1', `${PLAIN_COOKIE}=s2`))).toBe('s2');
  });
});

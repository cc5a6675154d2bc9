/**
 * Dashboard logins: an API key exchanged for a random session id (kept in an HttpOnly cookie) and a CSRF
 * token (sent back in a header on state changes). Sessions live in memory only: a restarted platform asks
 * for the key again. The key itself stays in memory so every request re-checks it (a revoked key ends its
 * sessions at once) and calls through the gateway carry it.
 * @module
 */
import { randomBytes } from 'node:crypto';

import { safeEqual } from './edge.js';

/** One login. */
export interface LoginSession {
  readonly id: string;
  /** The API key logged in with (never sent back to the browser). */
  readonly key: string;
  readonly keyId: string;
  readonly keyName: string;
  readonly csrf: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  lastSeen: number;
}

/** Options of {@link LoginSessions}. */
export interface LoginSessionsOptions {
  /** Absolute lifetime. Default 12 h. */
  ttlMs?: number;
  /** Idle lifetime. Default 2 h. */
  idleMs?: number;
  /** Failed logins allowed per client address per minute. Default 10. */
  maxFailuresPerMinute?: number;
  now?: () => number;
}

/** The session store. */
export class LoginSessions {
  private readonly sessions = new Map<string, LoginSession>();
  private readonly failures = new Map<string, number[]>();
  private readonly ttlMs: number;
  private readonly idleMs: number;
  private readonly maxFailures: number;
  private readonly now: () => number;

  constructor(o: LoginSessionsOptions = {}) {
    this.ttlMs = o.ttlMs ?? 12 * 3600_000;
    this.idleMs = o.idleMs ?? 2 * 3600_000;
    this.maxFailures = o.maxFailuresPerMinute ?? 10;
    this.now = o.now ?? Date.now;
  }

  /** Opens a session for a verified key. */
  create(key: string, identity: { id: string; name: string }): LoginSession {
    this.sweep();
    const now = this.now();
    const session: LoginSession = {
      id: randomBytes(32).toString('base64url'),
      key,
      keyId: identity.id,
      keyName: identity.name,
      csrf: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: now + this.ttlMs,
      lastSeen: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with that id (expired ones are removed), touching it. */
  get(id: string | undefined): LoginSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.now();
    if (now >= s.expiresAt || now - s.lastSeen >= this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  /** Whether `presented` is the session's CSRF token (constant time). */
  checkCsrf(session: LoginSession, presented: string | undefined): boolean {
    return typeof presented === 'string' && presented.length > 0 && safeEqual(presented, session.csrf);
  }

  /** Ends one session. */
  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Ends every session of a key (it was revoked). */
  endKey(keyId: string): number {
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (s.keyId !== keyId) continue;
      this.sessions.delete(id);
      n += 1;
    }
    return n;
  }

  /** Records a failed login from `address`; returns whether that address is now over its limit. */
  failed(address: string): boolean {
    const now = this.now();
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < 60_000);
    recent.push(now);
    this.failures.set(address, recent);
    return recent.length > this.maxFailures;
  }

  /** Whether `address` has too many recent failures to try again now. */
  throttled(address: string): boolean {
    const now = this.now();
    return (this.failures.get(address) ?? []).filter((t) => now - t < 60_000).length >= this.maxFailures;
  }

  /** Number of live sessions. */
  get size(): number {
    this.sweep();
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) {
      if (now >= s.expiresAt || now - s.lastSeen >= this.idleMs) this.sessions.delete(id);
    }
    for (const [addr, times] of this.failures) {
      if (times.every((t) => now - t >= 60_000)) this.failures.delete(addr);
    }
  }
}

/**
 * The outbound guard (SSRF): before the platform connects to a URL it did not choose itself — a remote
 * server, a redirect, a registry — the host is resolved and every address checked. Link-local and cloud
 * metadata addresses are always refused; private ranges (RFC 1918, CGNAT, unique-local IPv6) unless
 * allowed; loopback is allowed (local development). Redirects are followed by hand, each hop checked.
 *
 * Limitation: the address is checked at resolution, and the HTTP client resolves again when it connects;
 * a DNS answer that changes in between (rebinding) is not caught here.
 * @module
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

import { PlatformError, PlatformErrorCode } from '../errors.js';

/** What outbound connections may reach. */
export interface UrlPolicy {
  /** Allow RFC 1918, CGNAT (100.64/10) and unique-local IPv6 addresses. Default false. */
  allowPrivateNetworks?: boolean;
  /** Hosts (exact names, or `*.suffix`) and CIDRs always allowed, metadata endpoints excepted. */
  allowHosts?: readonly string[];
}

/** Resolves a host name to its addresses (injected in tests). */
export type Resolver = (host: string) => Promise<string[]>;

/**
 * A resolver that remembers each name's addresses for `ttlMs` (at most `maxEntries` names), so that a remote
 * server reached by name costs one lookup per interval instead of one per request: every HTTP request of a
 * remote upstream is checked, and `getaddrinfo` without a local cache asks the DNS server each time. Failed
 * lookups are not remembered. The HTTP client still resolves on its own when it opens a connection, as it
 * did before (see the module's limitation).
 */
export function cachingResolver(
  inner: Resolver,
  ttlMs = 30_000,
  maxEntries = 256,
  now: () => number = Date.now,
): Resolver {
  const cache = new Map<string, { at: number; addresses: Promise<string[]> }>();
  return (host) => {
    const key = host.toLowerCase();
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.addresses;
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    const addresses = inner(host);
    cache.set(key, { at: now(), addresses });
    addresses.catch(() => {
      if (cache.get(key)?.addresses === addresses) cache.delete(key);
    });
    return addresses;
  };
}

const defaultResolver: Resolver = cachingResolver(async (host) =>
  (await dnsLookup(host, { all: true })).map((a) => a.address),
);

const METADATA = new BlockList();
for (const ip of ['169.254.169.254', '169.254.170.2', '100.100.100.200']) METADATA.addAddress(ip, 'ipv4');
METADATA.addAddress('fd00:ec2::254', 'ipv6');

const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local (and most metadata services)
ALWAYS_REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS_REFUSED.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
ALWAYS_REFUSED.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addSubnet('ff00::', 8, 'ipv6');
ALWAYS_REFUSED.addAddress('::', 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `::ffff:10.0.0.1` -> `10.0.0.1`; other addresses unchanged. */
function unmap(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

function hostAllowed(host: string, ip: string | undefined, allow: readonly string[]): boolean {
  return allow.some((rule) => {
    if (rule.includes('/') && ip) {
      const [net, bits] = rule.split('/');
      const list = new BlockList();
      try {
        list.addSubnet(net!, Number(bits), family(net!));
        return list.check(ip, family(ip));
      } catch {
        return false;
      }
    }
    if (rule.startsWith('*.')) return host.endsWith(rule.slice(1));
    return host.toLowerCase() === rule.toLowerCase();
  });
}

/** Why an address may not be reached, or undefined when it may. */
export function addressProblem(host: string, address: string, policy: UrlPolicy = {}): string | undefined {
  const ip = unmap(address);
  const fam = family(ip);
  if (METADATA.check(ip, fam)) return `${ip} is a cloud metadata endpoint`;
  if (hostAllowed(host, ip, policy.allowHosts ?? [])) return undefined;
  if (LOOPBACK.check(ip, fam)) return undefined;
  if (ALWAYS_REFUSED.check(ip, fam)) return `${ip} is a link-local, multicast or reserved address`;
  if (PRIVATE.check(ip, fam) && !policy.allowPrivateNetworks) {
    return `${ip} is in a private network range (allow with security.allowPrivateNetworks or security.allowHosts)`;
  }
  return undefined;
}

/** Resolves the URL's host and throws `URL_REFUSED` when any of its addresses may not be reached. */
export async function assertUrlAllowed(
  url: string | URL,
  policy: UrlPolicy = {},
  resolve: Resolver = defaultResolver,
): Promise<void> {
  const u = new URL(url);
  if (u.protocol === 'unix:') return;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => []);
  for (const address of addresses) {
    const problem = addressProblem(host, address, policy);
    if (problem) {
      throw new PlatformError(
        PlatformErrorCode.UrlRefused,
        `refused to connect to ${u.protocol}//${u.host}: ${problem}`,
        { host, address },
        { hint: 'list the host under security.allowHosts in config.yaml if it is meant to be reached' },
      );
    }
  }
}

/**
 * A fetch that checks the URL and every redirect against the policy (at most `maxRedirects` hops), for the
 * HTTP transports and anything else the platform downloads.
 */
export function guardedFetch(
  policy: UrlPolicy,
  inner: FetchLike = fetch,
  maxRedirects = 5,
  resolve?: Resolver,
): FetchLike {
  return async (input, init) => {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : (input as Request).url);
    for (let hop = 0; ; hop++) {
      await assertUrlAllowed(url, policy, resolve);
      const res = await inner(url, { ...init, redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return res;
      if (hop >= maxRedirects)
        throw new PlatformError(PlatformErrorCode.UrlRefused, `too many redirects from ${url.host}`, {
          host: url.host,
        });
      url = new URL(location, url);
    }
  };
}

/**
 * Pure edits of the raw config document. Each function checks its input and throws a PlatformError
 * with the fix; the caller validates the whole result before anything is written.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';

import { isSlug } from './names.js';

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns `raw[key]` as a mapping, creating it when missing. */
function section(raw: Raw, key: string): Record<string, Raw> {
  if (!isRecord(raw[key])) raw[key] = {};
  return raw[key] as Record<string, Raw>;
}

/** Throws InvalidName unless `name` is a slug. */
export function assertSlug(name: string, what: 'server' | 'profile'): void {
  if (!isSlug(name)) {
    throw new PlatformError(
      PlatformErrorCode.InvalidName,
      `invalid ${what} name "${name}": use 1-32 lowercase letters, digits or hyphens, starting with a letter or digit`,
      { name },
      {
        hint: `for example "${
          name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .slice(0, 32) || 'my-server'
        }"`,
      },
    );
  }
}

/** Names of the servers in the raw document. */
export function serverNames(raw: Raw): string[] {
  return isRecord(raw.servers) ? Object.keys(raw.servers) : [];
}

function serverNotFound(name: string, raw: Raw): PlatformError {
  const known = serverNames(raw);
  return new PlatformError(
    PlatformErrorCode.ServerNotFound,
    `no server named "${name}"`,
    { name },
    {
      hint: known.length ? `known servers: ${known.join(', ')}` : 'add one with `mcp server add`',
    },
  );
}

function profileNotFound(name: string, raw: Raw): PlatformError {
  const known = isRecord(raw.profiles) ? Object.keys(raw.profiles) : [];
  return new PlatformError(
    PlatformErrorCode.ProfileNotFound,
    `no profile named "${name}"`,
    { name },
    {
      hint: known.length ? `known profiles: ${known.join(', ')}` : 'create one with `mcp profile create`',
    },
  );
}

/**
 * Adds a server definition (only the non-default fields should be passed) and, when `profile` is given,
 * lists it in that profile.
 */
export function addServer(raw: Raw, name: string, def: Raw, profile?: string): void {
  assertSlug(name, 'server');
  const servers = section(raw, 'servers');
  if (name in servers) {
    throw new PlatformError(
      PlatformErrorCode.ServerExists,
      `a server named "${name}" already exists`,
      { name },
      {
        hint: `choose another name, or remove it first with \`mcp server remove ${name}\``,
      },
    );
  }
  servers[name] = def;
  if (profile !== undefined) addToProfile(raw, profile, [name]);
}

/** Removes a server and every reference to it (profiles, dependsOn). */
export function removeServer(raw: Raw, name: string): void {
  const servers = section(raw, 'servers');
  if (!(name in servers)) throw serverNotFound(name, raw);
  delete servers[name];
  for (const p of Object.values(section(raw, 'profiles'))) {
    if (Array.isArray(p.servers)) p.servers = p.servers.filter((s) => s !== name);
  }
  for (const s of Object.values(servers)) {
    if (Array.isArray(s.dependsOn)) s.dependsOn = s.dependsOn.filter((d) => d !== name);
  }
}

/**
 * Changes fields of a server definition: each field of `patch` replaces the stored one, and a field set to
 * `null` is removed (its default applies again). The caller validates the whole document afterwards.
 */
export function updateServer(raw: Raw, name: string, patch: Record<string, unknown>): void {
  const server = section(raw, 'servers')[name];
  if (!server) throw serverNotFound(name, raw);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete server[k];
    else server[k] = v;
  }
}

/** Sets `enabled` on a server (omitted when true, the default). */
export function setServerEnabled(raw: Raw, name: string, enabled: boolean): void {
  const server = section(raw, 'servers')[name];
  if (!server) throw serverNotFound(name, raw);
  if (enabled) delete server.enabled;
  else server.enabled = false;
}

/** Creates an empty (or pre-filled) profile. */
export function createProfile(raw: Raw, name: string, servers: string[] = [], description?: string): void {
  assertSlug(name, 'profile');
  const profiles = section(raw, 'profiles');
  if (name in profiles) {
    throw new PlatformError(PlatformErrorCode.ProfileExists, `a profile named "${name}" already exists`, {
      name,
    });
  }
  for (const s of servers) if (!serverNames(raw).includes(s)) throw serverNotFound(s, raw);
  profiles[name] = { servers: [...new Set(servers)], ...(description ? { description } : {}) };
}

/** Deletes a profile; the active profile cannot be deleted. */
export function deleteProfile(raw: Raw, name: string): void {
  const profiles = section(raw, 'profiles');
  if (!(name in profiles)) throw profileNotFound(name, raw);
  if ((raw.activeProfile ?? 'default') === name) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      `"${name}" is the active profile`,
      { name },
      {
        hint: 'switch first with `mcp profile use <other>`',
      },
    );
  }
  delete profiles[name];
}

/** Makes `name` the active profile. */
export function useProfile(raw: Raw, name: string): void {
  if (!(name in section(raw, 'profiles'))) throw profileNotFound(name, raw);
  raw.activeProfile = name;
}

/** Adds servers to a profile (ignores ones already there). */
export function addToProfile(raw: Raw, profile: string, names: string[]): void {
  const p = section(raw, 'profiles')[profile];
  if (!p) throw profileNotFound(profile, raw);
  for (const n of names) if (!serverNames(raw).includes(n)) throw serverNotFound(n, raw);
  const list = Array.isArray(p.servers) ? (p.servers as string[]) : [];
  p.servers = [...list, ...names.filter((n) => !list.includes(n))];
}

/** Removes servers from a profile; a server not in it is an error. */
export function removeFromProfile(raw: Raw, profile: string, names: string[]): void {
  const p = section(raw, 'profiles')[profile];
  if (!p) throw profileNotFound(profile, raw);
  const list = Array.isArray(p.servers) ? (p.servers as string[]) : [];
  for (const n of names) {
    if (!list.includes(n)) {
      throw new PlatformError(
        PlatformErrorCode.ServerNotFound,
        `server "${n}" is not in profile "${profile}"`,
        {
          name: n,
        },
      );
    }
  }
  p.servers = list.filter((s) => !names.includes(s));
}

/** Reads a dotted key (`gateway.port`) from any object. */
export function getKey(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const part of splitKey(key)) {
    if (!isRecord(cur) || !(part in cur)) {
      throw new PlatformError(
        PlatformErrorCode.InvalidKey,
        `no config key "${key}"`,
        { key },
        {
          hint: 'see `mcp config show` for the keys that exist',
        },
      );
    }
    cur = cur[part];
  }
  return cur;
}

/** Sets a dotted key in the raw document, creating intermediate mappings. */
export function setKey(raw: Raw, key: string, value: unknown): void {
  const parts = splitKey(key);
  let cur: Raw = raw;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === undefined) cur[part] = {};
    const next = cur[part];
    if (!isRecord(next)) {
      throw new PlatformError(
        PlatformErrorCode.InvalidKey,
        `cannot set "${key}": "${part}" is not a mapping`,
        {
          key,
        },
      );
    }
    cur = next;
  }
  cur[parts.at(-1)!] = value;
}

/** Removes a dotted key from the raw document (so its default applies again). */
export function unsetKey(raw: Raw, key: string): void {
  const parts = splitKey(key);
  const parent = parts.length > 1 ? getKey(raw, parts.slice(0, -1).join('.')) : raw;
  if (!isRecord(parent) || !(parts.at(-1)! in parent)) {
    throw new PlatformError(PlatformErrorCode.InvalidKey, `no config key "${key}" is set`, { key });
  }
  delete parent[parts.at(-1)!];
}

function splitKey(key: string): string[] {
  const parts = key.split('.');
  if (key === '' || parts.some((p) => p === '')) {
    throw new PlatformError(
      PlatformErrorCode.InvalidKey,
      `invalid key "${key}"`,
      { key },
      {
        hint: 'use a dotted path such as gateway.port',
      },
    );
  }
  return parts;
}

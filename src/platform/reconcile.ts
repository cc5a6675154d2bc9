/**
 * The reconciler's plan: what to do so that the servers a platform runs match the servers its profile
 * declares in config.yaml. Pure; `Platform.reconcile` applies the plan.
 * @module
 */
import type { PlatformConfig, ServerConfig } from '../config/schema.js';

/** A server by name with its definition (desired: from config.yaml; current: what the platform runs). */
export interface ServerEntry {
  readonly name: string;
  readonly config: ServerConfig;
}

/**
 * What happens to one server:
 * - `add`: new in the profile; added, and started when enabled.
 * - `remove`: gone from the profile (or from config.yaml); stopped and forgotten.
 * - `restart`: its definition changed while it stays enabled; stopped, replaced, started.
 * - `enable`: it was disabled and now is enabled; started (with the new definition, if that changed too).
 * - `disable`: it was enabled and now is disabled; stopped (its definition replaced, if that changed too).
 * - `update`: only fields that need no process change differ (`description`, or anything while it stays
 *   disabled); the definition is replaced and nothing is started or stopped.
 */
export type ReconcileKind = 'add' | 'remove' | 'restart' | 'enable' | 'disable' | 'update';

/** One step of a plan. */
export interface ReconcileAction {
  readonly kind: ReconcileKind;
  readonly name: string;
  /** The desired definition (absent for `remove`). */
  readonly config?: ServerConfig;
  /** Top-level fields that differ from the running definition (empty for `add` and `remove`). */
  readonly changed: readonly string[];
}

/**
 * Fields whose change means the server must be restarted. `dependsOn` is among them: the supervisor reads it
 * when a server starts. `enabled` is handled on its own; `description` never needs a restart.
 */
export const RESTART_FIELDS = [
  'type',
  'command',
  'args',
  'env',
  'cwd',
  'url',
  'transport',
  'headers',
  'dependsOn',
] as const;

const KIND_ORDER: Record<ReconcileKind, number> = {
  remove: 0,
  disable: 1,
  restart: 2,
  update: 3,
  enable: 4,
  add: 5,
};

/**
 * The servers a profile declares, in profile order, with their definitions. Undefined when the profile
 * does not exist.
 * @example desiredServers(config, 'default') // [{ name: 'echo', config: { type: 'stdio', ... } }]
 */
export function desiredServers(config: PlatformConfig, profile: string): ServerEntry[] | undefined {
  const p = config.profiles[profile];
  if (!p) return undefined;
  // A validated config names only defined servers in a profile; the filter keeps this total anyway.
  return p.servers.flatMap((name) => {
    const def = config.servers[name];
    return def ? [{ name, config: def }] : [];
  });
}

/**
 * The top-level fields in which two definitions differ (deep comparison; the order of `env` and `headers`
 * keys does not matter, the order of `args` and `dependsOn` does).
 * @example changedFields(a, { ...a, args: ['--x'] }) // ['args']
 */
export function changedFields(a: ServerConfig, b: ServerConfig): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return [...keys].filter((k) => !sameValue(ra[k], rb[k])).sort();
}

/**
 * The plan that turns `current` into `desired`: removals first, then stops, restarts, updates, starts and
 * additions (each group in `desired` order; removals in `current` order). Unchanged servers get no action.
 * @example
 * planReconcile([{ name: 'a', config: a }], [{ name: 'a', config: a }, { name: 'b', config: b }])
 * // [{ kind: 'add', name: 'b', config: b, changed: [] }]
 */
export function planReconcile(
  current: readonly ServerEntry[],
  desired: readonly ServerEntry[],
): ReconcileAction[] {
  const now = new Map(current.map((e) => [e.name, e.config]));
  const wanted = new Set(desired.map((e) => e.name));
  const actions: ReconcileAction[] = current
    .filter((e) => !wanted.has(e.name))
    .map((e) => ({ kind: 'remove', name: e.name, changed: [] }));
  for (const { name, config } of desired) {
    const running = now.get(name);
    if (!running) {
      actions.push({ kind: 'add', name, config, changed: [] });
      continue;
    }
    const changed = changedFields(running, config);
    if (changed.length === 0) continue;
    const needsRestart = changed.some((f) => (RESTART_FIELDS as readonly string[]).includes(f));
    let kind: ReconcileKind;
    if (running.enabled !== config.enabled) kind = config.enabled ? 'enable' : 'disable';
    else if (needsRestart && config.enabled) kind = 'restart';
    else kind = 'update';
    actions.push({ kind, name, config, changed });
  }
  // Stable sort: groups in KIND_ORDER, desired order inside each group.
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => KIND_ORDER[x.a.kind] - KIND_ORDER[y.a.kind] || x.i - y.i)
    .map(({ a }) => a);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
    );
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
    const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(ra[k], rb[k]));
  }
  return false;
}

/**
 * What a new config changes that a reconcile cannot apply to a running platform: gateway settings, the
 * running profile's tool filters and description overrides (the gateway compiles them at start), and a
 * switch of the active profile (a platform keeps the profile it started with). One sentence each.
 * @example restartNotes(started, next, 'default') // ['gateway.port changed: ...']
 */
export function restartNotes(started: PlatformConfig, next: PlatformConfig, profile: string): string[] {
  const notes: string[] = [];
  const restart = 'it takes effect when the platform restarts (mcp down && mcp up)';
  const gateway = Object.keys({ ...started.gateway, ...next.gateway }).filter(
    (k) =>
      !sameValue(
        (started.gateway as Record<string, unknown>)[k],
        (next.gateway as Record<string, unknown>)[k],
      ),
  );
  if (gateway.length) notes.push(`${gateway.map((k) => `gateway.${k}`).join(', ')} changed: ${restart}`);
  const before = started.profiles[profile];
  const after = next.profiles[profile];
  if (before && after) {
    const policy = (['tools', 'descriptions'] as const).filter((k) => !sameValue(before[k], after[k]));
    if (policy.length) {
      notes.push(`${policy.map((k) => `profiles.${profile}.${k}`).join(', ')} changed: ${restart}`);
    }
  }
  if (next.activeProfile !== profile) {
    notes.push(
      `the active profile is now "${next.activeProfile}", but this platform keeps running "${profile}": ` +
        'restart it to switch (mcp down && mcp up)',
    );
  }
  return notes;
}

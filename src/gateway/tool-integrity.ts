/**
 * Tool integrity: every tool definition is pinned on first sight (SHA-256 of the canonical JSON of its
 * name, title, description, input and output schemas and annotations). A definition that later differs from
 * its pin — a server changing what a tool says or does under the user (a "rug pull") — is hidden (or, in
 * `flag` mode, shown marked) until someone approves it with `mcp tools approve`, and the change is written
 * to the audit log. Descriptions are also scanned for poisoning patterns, which are warned about.
 *
 * Vetting is synchronous over an in-memory copy of the pins (hashes are cached per definition object), so
 * the warm tools/list path pays a map lookup per tool; storage writes happen in the background.
 * @module
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';

import type { Logger } from '../observability/logger.js';
import type { AuditStore, ToolPinStore } from '../store/types.js';

import type { NamedItem } from './catalog.js';
import { poisoningFindings } from './tool-poisoning.js';

/** What happens to a tool whose definition no longer matches its pin. */
export type IntegrityMode = 'hide' | 'flag' | 'off';

/** The fields of a tool definition that are pinned. */
const PINNED = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

/** JSON with object keys sorted at every level (the canonical form that is hashed). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The SHA-256 (hex) of a tool definition's pinned fields. */
export function toolHash(tool: NamedItem): string {
  const pinned: Record<string, unknown> = {};
  for (const field of PINNED) if (tool[field] !== undefined) pinned[field] = tool[field];
  return createHash('sha256').update(canonicalJson(pinned)).digest('hex');
}

/** Options of {@link ToolIntegrity}. */
export interface ToolIntegrityOptions {
  pins: ToolPinStore;
  audit: AuditStore;
  logger: Logger;
  /** Default `hide`. */
  mode?: IntegrityMode;
  /** How often pending changes are looked up again (to notice approvals). Default 2000 ms. */
  recheckMs?: number;
}

/** A changed tool waiting for approval. */
export interface PendingChange {
  readonly server: string;
  readonly tool: string;
  readonly pinned: string;
  readonly current: string;
}

/** Pins, vets and tracks the tools of one gateway. Emits `approved` ({ server }) when a change was approved. */
export class ToolIntegrity extends EventEmitter<{ approved: [{ server: string }] }> {
  private readonly pins = new Map<string, string>();
  private readonly loaded = new Map<string, Promise<void>>();
  private readonly done = new Set<string>();
  private readonly pending = new Map<string, PendingChange>();
  private readonly reported = new Set<string>();
  private readonly hashes = new WeakMap<NamedItem, string>();
  private readonly mode: IntegrityMode;
  private timer: NodeJS.Timeout | undefined;
  /** Grows whenever an approval changes what {@link vet} lets through for the same definitions. */
  generation = 0;

  constructor(private readonly o: ToolIntegrityOptions) {
    super();
    this.mode = o.mode ?? 'hide';
  }

  /** Whether the pins of `server` are loaded (then `load` need not be awaited). */
  isLoaded(server: string): boolean {
    return this.done.has(server);
  }

  /** Loads the pins of `server` (call before vetting its first list; repeated calls are free). */
  load(server: string): Promise<void> {
    let loading = this.loaded.get(server);
    if (!loading) {
      loading = this.o.pins.list(server).then(
        (pins) => {
          for (const p of pins)
            if (!this.pins.has(key(server, p.tool))) this.pins.set(key(server, p.tool), p.hash);
        },
        (err: unknown) => this.o.logger.warn('cannot read tool pins', { server, error: String(err) }),
      );
      void loading.then(() => this.done.add(server));
      this.loaded.set(server, loading);
    }
    return loading;
  }

  /**
   * The tools of `server` as clients may see them: pinned on first sight, hidden (or marked) when changed
   * since their pin. Call after `load(server)`.
   */
  vet(server: string, tools: readonly NamedItem[]): NamedItem[] {
    if (this.mode === 'off') return tools as NamedItem[];
    const out: NamedItem[] = [];
    for (const tool of tools) {
      let hash = this.hashes.get(tool);
      if (hash === undefined) this.hashes.set(tool, (hash = toolHash(tool)));
      const k = key(server, tool.name);
      const pinned = this.pins.get(k);
      if (pinned === undefined) {
        this.firstSight(server, tool, hash);
        out.push(tool);
      } else if (pinned === hash) {
        out.push(tool);
      } else {
        this.changed(server, tool, pinned, hash);
        if (this.mode === 'flag') out.push(flagged(tool));
      }
    }
    return out;
  }

  /** The pending change of a tool, if its current definition is not approved. */
  pendingOf(server: string, tool: string): PendingChange | undefined {
    return this.pending.get(key(server, tool));
  }

  /** Every change waiting for approval. */
  get changes(): PendingChange[] {
    return [...this.pending.values()];
  }

  /** Stops the approval recheck. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private firstSight(server: string, tool: NamedItem, hash: string): void {
    this.pins.set(key(server, tool.name), hash);
    this.o.pins
      .set({ server, tool: tool.name, hash, pinnedAt: Date.now() })
      .catch((err: unknown) =>
        this.o.logger.warn('cannot pin tool', { server, tool: tool.name, error: String(err) }),
      );
    this.scan(server, tool);
  }

  private changed(server: string, tool: NamedItem, pinned: string, current: string): void {
    const k = key(server, tool.name);
    this.pending.set(k, { server, tool: tool.name, pinned, current });
    this.armRecheck();
    if (this.reported.has(`${k}@${current}`)) return;
    this.reported.add(`${k}@${current}`);
    this.o.logger.warn(
      `tool ${server}/${tool.name} changed its definition since it was pinned; ${
        this.mode === 'hide' ? 'hidden' : 'shown flagged'
      } until approved`,
      { server, tool: tool.name, pinned, current, hint: `mcp tools approve ${server}/${tool.name}` },
    );
    void this.o.audit
      .append({
        at: Date.now(),
        actor: 'gateway',
        action: 'tool.changed',
        target: `${server}/${tool.name}`,
        details: { server, tool: tool.name, pinned, current, definition: tool },
      })
      .catch(() => undefined);
    this.scan(server, tool);
  }

  private scan(server: string, tool: NamedItem): void {
    const findings = poisoningFindings(tool);
    if (findings.length === 0) return;
    this.o.logger.warn(`tool ${server}/${tool.name} looks suspicious: ${findings.join('; ')}`, {
      server,
      tool: tool.name,
    });
    void this.o.audit
      .append({
        at: Date.now(),
        actor: 'gateway',
        action: 'tool.suspicious',
        target: `${server}/${tool.name}`,
        details: { server, tool: tool.name, findings },
      })
      .catch(() => undefined);
  }

  /** While changes are pending, looks their pins up again so an approval takes effect without a restart. */
  private armRecheck(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.recheck(), this.o.recheckMs ?? 2000);
    this.timer.unref();
  }

  private async recheck(): Promise<void> {
    for (const [k, change] of this.pending) {
      const pin = await this.o.pins.get(change.server, change.tool).catch(() => undefined);
      if (!pin || pin.hash === change.pinned) continue;
      this.pins.set(k, pin.hash);
      this.pending.delete(k);
      this.generation += 1;
      this.emit('approved', { server: change.server });
    }
    if (this.pending.size === 0) this.close();
  }
}

function key(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}

function flagged(tool: NamedItem): NamedItem {
  const note = '[changed since approved; not yet reviewed]';
  return { ...tool, description: tool.description ? `${note} ${String(tool.description)}` : note };
}

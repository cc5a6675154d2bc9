/**
 * Gateway-minted pagination of the aggregated lists (`tools/list`, `prompts/list`, `resources/list`,
 * `resources/templates/list`). The gateway walks every upstream page itself; what it answers a client is
 * cut into pages of `pageSize` items. When a list is longer than a page, the first request takes a snapshot
 * of the whole aggregated list for that session, and `nextCursor` points into that snapshot: a client
 * paging through sees one consistent list even if servers change meanwhile. Cursors are opaque to clients
 * (base64url of `{ k: kind, o: offset, s: snapshot id }`) and only valid on the session that got them; an
 * unknown, expired or garbled cursor is invalid params (-32602).
 * @module
 */
import { randomUUID } from 'node:crypto';

import { invalidParams } from './errors.js';
import type { Call } from './gateway-context.js';
import type { JsonObject } from './passthrough.js';
import { stableResult } from './stable-json.js';

/** Items per page when the gateway's option `pageSize` is not set. */
export const DEFAULT_PAGE_SIZE = 500;
/** Snapshots a session keeps at most; taking one more drops the least recently used. */
export const MAX_SNAPSHOTS_PER_SESSION = 16;
/** A snapshot not paged through for this long is dropped (its cursors become invalid). */
export const SNAPSHOT_TTL_MS = 10 * 60_000;

/** The lists the gateway pages. */
export type PagedKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

interface Snapshot {
  readonly kind: PagedKind;
  readonly items: readonly unknown[];
  usedAt: number;
}

interface CursorData {
  k: PagedKind;
  o: number;
  s: string;
}

const KINDS: readonly string[] = ['tools', 'prompts', 'resources', 'resourceTemplates'];

/** Encodes a cursor (exported for tests). */
export function encodeCursor(kind: PagedKind, offset: number, snapshot: string): string {
  const data: CursorData = { k: kind, o: offset, s: snapshot };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/** Decodes a cursor; undefined when it is not one the gateway could have minted. */
export function decodeCursor(cursor: string): CursorData | undefined {
  if (cursor.length === 0 || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { k, o, s } = data as Record<string, unknown>;
  if (typeof k !== 'string' || !KINDS.includes(k)) return undefined;
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o <= 0) return undefined;
  if (typeof s !== 'string' || s.length === 0) return undefined;
  return { k: k as PagedKind, o, s };
}

/** The list snapshots of one session, by id. */
export class ListSnapshots {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Number of live snapshots. */
  get size(): number {
    this.expire();
    return this.snapshots.size;
  }

  /**
   * One page of a list. Without `cursor`, the first page of `load()`'s items (a snapshot is taken when they
   * do not fit one page); with one, the page of the snapshot it points into. Throws invalid params for a
   * cursor this session did not mint, or one whose snapshot has expired.
   */
  async page(
    kind: PagedKind,
    cursor: unknown,
    pageSize: number,
    load: () => Promise<unknown[]>,
  ): Promise<{ items: unknown[]; nextCursor?: string }> {
    this.expire();
    if (cursor === undefined) {
      const items = await load();
      if (items.length <= pageSize) return { items };
      const id = randomUUID();
      this.snapshots.set(id, { kind, items, usedAt: this.now() });
      this.trim();
      return { items: items.slice(0, pageSize), nextCursor: encodeCursor(kind, pageSize, id) };
    }
    if (typeof cursor !== 'string') throw invalidParams('params.cursor must be a string');
    const data = decodeCursor(cursor);
    const snapshot = data && this.snapshots.get(data.s);
    if (!data || !snapshot || snapshot.kind !== kind || data.o >= snapshot.items.length)
      throw invalidParams(`invalid or expired cursor: ${cursor.slice(0, 64)}`);
    // Most recently used last, for `trim`.
    this.snapshots.delete(data.s);
    snapshot.usedAt = this.now();
    this.snapshots.set(data.s, snapshot);
    const end = data.o + pageSize;
    return {
      items: snapshot.items.slice(data.o, end),
      ...(end < snapshot.items.length ? { nextCursor: encodeCursor(kind, end, data.s) } : {}),
    };
  }

  /** Drops every snapshot. */
  clear(): void {
    this.snapshots.clear();
  }

  private expire(): void {
    const oldest = this.now() - SNAPSHOT_TTL_MS;
    for (const [id, s] of this.snapshots) if (s.usedAt < oldest) this.snapshots.delete(id);
  }

  private trim(): void {
    for (const id of this.snapshots.keys()) {
      if (this.snapshots.size <= MAX_SNAPSHOTS_PER_SESSION) break;
      this.snapshots.delete(id);
    }
  }
}

/**
 * The answer of a list method: the page `params.cursor` asks for, as `{ [key]: items, nextCursor? }`.
 * `load` builds the whole aggregated list; it is only called for a first page.
 */
export async function pagedList(
  call: Call,
  kind: PagedKind,
  key: string,
  load: () => Promise<unknown[]>,
): Promise<JsonObject> {
  const { items, nextCursor } = await call.session.snapshots.page(
    kind,
    call.params.cursor,
    call.ctx.pageSize,
    load,
  );
  // A whole list in one page is the same object as long as the list is: its JSON is made once.
  if (nextCursor === undefined) return stableResult(key, items);
  return { [key]: items, nextCursor };
}

/**
 * The lists (tools, prompts, resources, templates) of one upstream connection, fetched across every page
 * and kept until the server says they changed. A server that does not declare `listChanged` for a kind
 * cannot say so: its list is re-fetched once older than a TTL, and the previous one serves meanwhile.
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../observability/logger.js';

import type { NamedItem } from './catalog.js';
import { sendRaw } from './passthrough.js';

/** The lists a server can have. */
export type ListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

const LISTS: Record<
  ListKind,
  { method: string; key: string; capability: 'tools' | 'prompts' | 'resources' }
> = {
  tools: { method: 'tools/list', key: 'tools', capability: 'tools' },
  prompts: { method: 'prompts/list', key: 'prompts', capability: 'prompts' },
  resources: { method: 'resources/list', key: 'resources', capability: 'resources' },
  resourceTemplates: {
    method: 'resources/templates/list',
    key: 'resourceTemplates',
    capability: 'resources',
  },
};

/** The notification that tells clients a list of this kind changed. */
export function listChangedMethod(kind: ListKind): string {
  return kind === 'resourceTemplates'
    ? 'notifications/resources/list_changed'
    : `notifications/${kind}/list_changed`;
}

/** Guards against a server that hands out cursors forever. */
export const MAX_LIST_PAGES = 1000;

/** Options of {@link ListCache}. */
export interface ListCacheOptions {
  readonly server: string;
  readonly logger: Logger;
  /** Timeout of each page request. */
  readonly requestTimeoutMs: number;
  /** Age after which a list of a server without `listChanged` is fetched again. */
  readonly ttlMs: number;
  /** A fetch that missed its deadline completed (the list the clients saw lacked it). */
  readonly onLate: (kind: ListKind) => void;
}

interface Cached {
  readonly promise: Promise<NamedItem[]>;
  /** The settled list, or the previous one while a refresh runs. */
  value?: NamedItem[];
  at?: number;
  /** A late completion is already to be announced. */
  late?: boolean;
}

const TIMEOUT = Symbol('timeout');

/** The cached lists of one upstream client. */
export class ListCache {
  private readonly lists = new Map<ListKind, Cached>();

  constructor(
    readonly client: Client,
    private readonly o: ListCacheOptions,
  ) {}

  /** Forgets lists (all when `kinds` is omitted). */
  invalidate(kinds?: readonly ListKind[]): void {
    if (!kinds) this.lists.clear();
    else for (const k of kinds) this.lists.delete(k);
  }

  /** The list when it is at hand and fresh (`[]` without the capability), without waiting; else undefined. */
  peek(kind: ListKind): NamedItem[] | undefined {
    const capability = this.client.getServerCapabilities()?.[LISTS[kind].capability] as
      ServerCapabilities['tools'] | undefined;
    if (!capability) return [];
    const cached = this.lists.get(kind);
    if (cached?.at === undefined || !cached.value) return undefined;
    if (!capability.listChanged && Date.now() - cached.at > this.o.ttlMs) return undefined;
    return cached.value;
  }

  /**
   * One list: `[]` without the capability; undefined when the fetch failed or missed `deadlineMs` with no
   * previous list to serve. A deadline of 0 takes only what is at hand, silently.
   */
  async get(kind: ListKind, deadlineMs: number): Promise<NamedItem[] | undefined> {
    // A settled, fresh list is answered at once: no timer, no race (the common, warm case).
    const warm = this.peek(kind);
    if (warm) return warm;
    let cached = this.lists.get(kind);
    // None yet, or a settled one that is too old (else `peek` took it): fetch; else one is on its way.
    if (!cached || cached.at !== undefined) cached = this.fetch(kind, cached?.value);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), deadlineMs);
    });
    try {
      // A settled list wins even against a 0 ms deadline: its reaction runs before any timer.
      const result = await Promise.race([cached.promise, deadline]);
      if (result !== TIMEOUT) return result;
    } catch {
      return cached.value;
    } finally {
      clearTimeout(timer);
    }
    if (cached.value) return cached.value;
    if (deadlineMs > 0) this.announceLate(kind, cached, deadlineMs);
    return undefined;
  }

  private fetch(kind: ListKind, previous: NamedItem[] | undefined): Cached {
    const cached: Cached = { promise: this.fetchAll(kind), ...(previous ? { value: previous } : {}) };
    this.lists.set(kind, cached);
    cached.promise.then(
      (items) => {
        cached.value = items;
        cached.at = Date.now();
      },
      (err: unknown) => {
        if (this.lists.get(kind) === cached) this.lists.delete(kind);
        this.o.logger.warn('listing failed; server left out', {
          server: this.o.server,
          kind,
          error: String(err),
        });
      },
    );
    return cached;
  }

  private announceLate(kind: ListKind, cached: Cached, deadlineMs: number): void {
    this.o.logger.warn('listing is slow; server left out for now', {
      server: this.o.server,
      kind,
      ms: deadlineMs,
    });
    if (cached.late) return;
    cached.late = true;
    cached.promise.then(
      () => {
        if (this.lists.get(kind) === cached) this.o.onLate(kind);
      },
      () => undefined,
    );
  }

  private async fetchAll(kind: ListKind): Promise<NamedItem[]> {
    const { method, key } = LISTS[kind];
    const items: NamedItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await sendRaw(this.client, method, cursor === undefined ? {} : { cursor }, {
        timeout: this.o.requestTimeoutMs,
      });
      const got = result[key];
      if (Array.isArray(got)) items.push(...(got as NamedItem[]));
      cursor =
        typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
      if (cursor === undefined) break;
    }
    return items;
  }
}

/**
 * Reviewing tool definition changes: the pins the gateway keeps, the changes it saw (from the audit log)
 * and their approval. Works on storage directly, so with or without a running platform; a running gateway
 * notices an approval within seconds and shows the tool again.
 * @module
 */
import { PlatformError, PlatformErrorCode, UsageError } from '../errors.js';
import type { Storage, ToolPin } from '../store/index.js';

/** A change the gateway saw that is not approved yet. */
export interface ToolChange {
  server: string;
  tool: string;
  pinned: string;
  current: string;
  seenAt: string;
  /** The new definition as the server sent it. */
  definition: unknown;
}

interface ChangeDetails {
  server: string;
  tool: string;
  pinned: string;
  current: string;
  definition?: unknown;
}

/**
 * Parses a tool reference: `server/tool`, or an exposed name `server<separator>tool`.
 * @example parseToolRef('github__create_issue', '__') // { server: 'github', tool: 'create_issue' }
 */
export function parseToolRef(ref: string, separator: string): { server: string; tool: string } {
  const slash = ref.indexOf('/');
  const at = slash > 0 ? slash : ref.indexOf(separator);
  const width = slash > 0 ? 1 : separator.length;
  if (at <= 0 || at + width >= ref.length) {
    throw new UsageError(`"${ref}" names no tool: use <server>/<tool> or <server>${separator}<tool>`);
  }
  return { server: ref.slice(0, at), tool: ref.slice(at + width) };
}

/** The changes the gateway reported whose new definition is not the pinned one (newest first, one per tool). */
export async function pendingChanges(storage: Storage): Promise<ToolChange[]> {
  const entries = await storage.audit.list({ action: 'tool.changed', limit: 10_000 });
  const newest = new Map<string, ToolChange>();
  for (const e of [...entries].sort((a, b) => b.at - a.at)) {
    const d = e.details as ChangeDetails;
    if (newest.has(e.target)) continue;
    newest.set(e.target, {
      server: d.server,
      tool: d.tool,
      pinned: d.pinned,
      current: d.current,
      seenAt: new Date(e.at).toISOString(),
      definition: d.definition ?? null,
    });
  }
  const out: ToolChange[] = [];
  for (const change of newest.values()) {
    const pin = await storage.toolPins.get(change.server, change.tool);
    if (pin?.hash !== change.current) out.push(change);
  }
  return out;
}

/** Approves the latest reported definition of a tool: it becomes the pin, and the approval is audited. */
export async function approveChange(
  storage: Storage,
  ref: { server: string; tool: string },
  actor = 'cli',
): Promise<ToolChange> {
  const change = (await pendingChanges(storage)).find((c) => c.server === ref.server && c.tool === ref.tool);
  if (!change) {
    throw new PlatformError(
      PlatformErrorCode.ToolChangeNotFound,
      `no unapproved change of tool ${ref.server}/${ref.tool}`,
      { ...ref },
      { hint: 'see `mcp tools changes` for the tools waiting for review' },
    );
  }
  await storage.toolPins.set({
    server: ref.server,
    tool: ref.tool,
    hash: change.current,
    pinnedAt: Date.now(),
  });
  await storage.audit.append({
    at: Date.now(),
    actor,
    action: 'tool.approved',
    target: `${ref.server}/${ref.tool}`,
    details: { server: ref.server, tool: ref.tool, previous: change.pinned, approved: change.current },
  });
  return change;
}

/** The pins, optionally of one server. */
export function listPins(storage: Storage, server?: string): Promise<ToolPin[]> {
  return storage.toolPins.list(server);
}

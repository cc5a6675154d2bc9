/**
 * `mcp tools changes|approve|pins`: review tool definitions that changed since they were pinned.
 * @module
 */
import type { Command } from 'commander';

import { action } from '../context.js';

/** Registers `mcp tools`. */
export function registerTools(program: Command): void {
  const tools = program
    .command('tools')
    .description('tool integrity: pinned definitions, changes waiting for review, approvals');

  tools
    .command('changes')
    .description('tools whose definition changed since it was pinned (hidden until approved)')
    .action(
      action(async (ctx) => {
        const { withStorage } = await import('../storage.js');
        const { pendingChanges } = await import('../tool-pins.js');
        const changes = await withStorage(ctx, (s) => pendingChanges(s));
        ctx.out.result(changes, () => {
          if (changes.length === 0) return ctx.out.line('no tool changes waiting for review');
          ctx.out.table(
            changes.map((c) => ({
              ...c,
              tool: `${c.server}/${c.tool}`,
              pinned: c.pinned.slice(0, 12),
              current: c.current.slice(0, 12),
            })),
            [
              { key: 'tool', label: 'TOOL' },
              { key: 'seenAt', label: 'SEEN' },
              { key: 'pinned', label: 'PINNED' },
              { key: 'current', label: 'NOW' },
            ],
          );
          ctx.out.line(
            ctx.out.paint(
              'gray',
              'review with `mcp tools changes --json`, then `mcp tools approve <server>/<tool>`',
            ),
          );
        });
      }),
    );

  tools
    .command('approve <tool>')
    .description('approve the new definition of a tool (<server>/<tool> or its exposed name)')
    .action(
      action(async (ctx, ref: string) => {
        const { withStorage } = await import('../storage.js');
        const { approveChange, parseToolRef } = await import('../tool-pins.js');
        const { config } = await (await ctx.config()).load();
        const target = parseToolRef(ref, config.gateway.separator);
        const change = await withStorage(ctx, (s) => approveChange(s, target));
        ctx.out.result(
          { approved: true, server: change.server, tool: change.tool, hash: change.current },
          () =>
            ctx.out.success(
              `approved the new definition of ${change.server}/${change.tool}; a running gateway shows it again within seconds`,
            ),
        );
      }),
    );

  tools
    .command('pins [server]')
    .description('pinned tool definition hashes')
    .action(
      action(async (ctx, server: string | undefined) => {
        const { withStorage } = await import('../storage.js');
        const { listPins } = await import('../tool-pins.js');
        const pins = await withStorage(ctx, (s) => listPins(s, server));
        const rows = pins.map((p) => ({
          server: p.server,
          tool: p.tool,
          hash: p.hash,
          pinnedAt: new Date(p.pinnedAt).toISOString(),
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'server', label: 'SERVER' },
            { key: 'tool', label: 'TOOL' },
            { key: 'hash', label: 'SHA-256' },
            { key: 'pinnedAt', label: 'PINNED' },
          ]),
        );
      }),
    );
}

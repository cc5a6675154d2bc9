/**
 * `mcp secret ...`: values referenced from config as `${secret:NAME}`, kept out of config.yaml.
 * @module
 */
import type { Command } from 'commander';

import { UsageError } from '../../errors.js';
import { action } from '../context.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Registers `mcp secret`. */
export function registerSecret(program: Command): void {
  const secret = program.command('secret').description('manage secrets referenced as ${secret:NAME}');

  secret
    .command('set <name> [value]')
    .description(
      'store a secret (reads standard input when no value is given, which keeps it out of shell history)',
    )
    .action(
      action(async (ctx, name: string, value: string | undefined) => {
        let v = value;
        if (v === undefined) {
          if (process.stdin.isTTY)
            throw new UsageError('no value given', `pipe it in: printf %s "$TOKEN" | mcp secret set ${name}`);
          v = await readStdin();
        }
        const { SecretStore } = await import('../../config/secrets.js');
        await new SecretStore(ctx.paths.secrets).set(name, v);
        ctx.out.result({ name, stored: true }, () =>
          ctx.out.success(`stored secret "${name}" (use it as \${secret:${name}})`),
        );
      }),
    );

  secret
    .command('list')
    .alias('ls')
    .description('list secret names (never values)')
    .action(
      action(async (ctx) => {
        const { SecretStore } = await import('../../config/secrets.js');
        const names = await new SecretStore(ctx.paths.secrets).list();
        ctx.out.result(
          names.map((name) => ({ name })),
          () => {
            if (names.length === 0) ctx.out.line(ctx.out.paint('gray', '(none)'));
            for (const n of names) ctx.out.line(n);
          },
        );
      }),
    );

  secret
    .command('remove <name>')
    .alias('rm')
    .description('delete a secret')
    .action(
      action(async (ctx, name: string) => {
        const { SecretStore } = await import('../../config/secrets.js');
        await new SecretStore(ctx.paths.secrets).remove(name);
        ctx.out.result({ name, removed: true }, () => ctx.out.success(`removed secret "${name}"`));
      }),
    );
}

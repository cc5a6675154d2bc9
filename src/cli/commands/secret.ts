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
    .description('list secrets: names and the last four characters only')
    .action(
      action(async (ctx) => {
        const { SecretStore, maskSecret } = await import('../../config/secrets.js');
        const store = new SecretStore(ctx.paths.secrets);
        const rows: Array<{ name: string; value: string }> = [];
        for (const name of await store.list()) {
          const value = await store
            .get(name)
            .then(maskSecret, () => '(cannot be opened: see `mcp secret doctor`)');
          rows.push({ name, value });
        }
        ctx.out.result(rows, () => {
          if (rows.length === 0) ctx.out.line(ctx.out.paint('gray', '(none)'));
          else
            ctx.out.table(rows, [
              { key: 'name', label: 'NAME' },
              { key: 'value', label: 'VALUE' },
            ]);
        });
      }),
    );

  secret
    .command('doctor')
    .description(
      'which servers reference secrets that are missing or cannot be opened; where the key comes from',
    )
    .action(
      action(async (ctx) => {
        const { secretDoctor } = await import('../secret-doctor.js');
        const report = await secretDoctor(ctx);
        ctx.out.result(report, () => {
          ctx.out.line(`master key: ${report.key.source} (fingerprint ${report.key.fingerprint})`);
          if (report.problems.length === 0)
            return ctx.out.success('every referenced secret is present and opens');
          for (const p of report.problems) ctx.out.warn(`${p.server}: ${p.secret} ${p.problem}`);
        });
        if (report.problems.length) process.exitCode = 1;
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

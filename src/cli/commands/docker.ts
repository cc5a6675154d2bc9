/**
 * `mcp docker render <server>` and `mcp docker templates`.
 * @module
 */
import type { Command } from 'commander';

import { PlatformError, PlatformErrorCode, UsageError } from '../../errors.js';
import type { InstallRecord } from '../../install/flow.js';
import { action } from '../context.js';

/** Registers `mcp docker`. */
export function registerDocker(program: Command): void {
  const docker = program.command('docker').description('Dockerfiles for running servers in containers');

  docker
    .command('templates')
    .description('the Dockerfile templates')
    .action(
      action(async (ctx) => {
        const { TEMPLATES } = await import('../../catalog/docker.js');
        ctx.out.result([...TEMPLATES], () => TEMPLATES.forEach((t) => ctx.out.line(t)));
      }),
    );

  docker
    .command('render <server>')
    .description('print a Dockerfile for a configured server (installed ones use their package)')
    .option('-t, --template <name>', 'use this template instead of the one chosen')
    .action(
      action(async (ctx, name: string, opts: { template?: string }) => {
        const path = await import('node:path');
        const { readFile } = await import('node:fs/promises');
        const { TEMPLATES, renderTemplate, templateText } = await import('../../catalog/docker.js');
        const { packageRoot } = await import('../package-root.js');
        const { config } = await (await ctx.config()).load();
        const def = config.servers[name];
        if (!def)
          throw new PlatformError(PlatformErrorCode.ServerNotFound, `no server named "${name}"`, { name });
        if (def.type !== 'stdio')
          throw new UsageError(`"${name}" is a remote server: there is nothing to containerize`);
        const record = await readFile(path.join(ctx.paths.home, 'packages', `${name}.json`), 'utf8').then(
          (t) => JSON.parse(t) as InstallRecord,
          () => undefined,
        );
        const { chooseTemplate } = await import('../../install/render-choice.js');
        const chosen = chooseTemplate(name, def, record);
        let template = chosen.template;
        if (opts.template) {
          if (!(TEMPLATES as readonly string[]).includes(opts.template))
            throw new UsageError(`unknown template "${opts.template}": see \`mcp docker templates\``);
          template = opts.template as typeof template;
        }
        const text = renderTemplate(await templateText(packageRoot(), template), chosen.values);
        ctx.out.result({ server: name, template, dockerfile: text }, () => process.stdout.write(text));
      }),
    );
}

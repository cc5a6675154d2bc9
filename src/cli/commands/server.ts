/**
 * `mcp server ...`: add, list, show, remove, enable and disable servers in config.yaml.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import type { PlatformConfig } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { action, type CliContext } from '../context.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface AddOptions {
  env?: string[];
  cwd?: string;
  description?: string;
  url?: string;
  transport?: string;
  header?: string[];
  profile?: string;
  disabled?: boolean;
}

/** Builds the raw definition for `server add` from its flags (only non-default fields). */
export function definitionFromFlags(commandArgs: string[], opts: AddOptions): Record<string, unknown> {
  const common = {
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.disabled ? { enabled: false } : {}),
  };
  if (opts.url) {
    if (commandArgs.length > 0) throw new UsageError('give either --url or a command after --, not both');
    if (opts.env?.length || opts.cwd)
      throw new UsageError('--env and --cwd apply to command servers, not --url');
    const headers: Record<string, string> = {};
    for (const h of opts.header ?? []) {
      const i = h.indexOf(':');
      if (i <= 0) throw new UsageError(`invalid header "${h}"`, 'write headers as "Name: value"');
      headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    return {
      url: opts.url,
      ...(opts.transport && opts.transport !== 'auto' ? { transport: opts.transport } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
      ...common,
    };
  }
  if (commandArgs.length === 0) {
    throw new UsageError(
      'no command given',
      'write the command after --, e.g. mcp server add echo -- npx -y @modelcontextprotocol/server-everything',
    );
  }
  if (opts.header?.length || opts.transport)
    throw new UsageError('--header and --transport apply to --url servers');
  const env: Record<string, string> = {};
  for (const kv of opts.env ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`invalid --env "${kv}"`, 'write it as KEY=VALUE');
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const [command, ...args] = commandArgs;
  return {
    command,
    ...(args.length ? { args } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...common,
  };
}

/**
 * Refuses an unknown `--transport`, or one the URL cannot use (websocket on http://, sse on ws://), before
 * anything is written.
 */
async function checkTransport(def: Record<string, unknown>): Promise<void> {
  const { resolveTransportStrategy } = await import('../../transports/create-transport.js');
  const { remoteTransportSchema } = await import('../../config/schema.js');
  const transport = remoteTransportSchema.safeParse(def.transport ?? 'auto');
  if (!transport.success)
    throw new UsageError(
      `--transport ${String(def.transport)} is unknown`,
      `use one of ${remoteTransportSchema.options.join(', ')}`,
    );
  try {
    resolveTransportStrategy({ url: String(def.url), transport: transport.data });
  } catch (err) {
    const e = err as { message: string; hint?: string };
    throw new UsageError(e.message, e.hint);
  }
}

/**
 * Arguments of a command server that name a file relative to the current directory, which the platform
 * (running elsewhere, or started by `mcp connect`) would not find: they are resolved against its own cwd.
 */
export function relativePathArgs(def: Record<string, unknown>, exists: (p: string) => boolean): string[] {
  if (typeof def.command !== 'string' || def.cwd !== undefined) return [];
  const args = Array.isArray(def.args) ? (def.args as string[]) : [];
  return [def.command, ...args].filter(
    (a) => !path.isAbsolute(a) && (a.startsWith('.') || a.includes('/')) && exists(a),
  );
}

/** Prints whether a running platform picks the change up (loaded only when needed). */
async function runningHint(ctx: CliContext, affects: (profile: string) => boolean): Promise<void> {
  await (await import('../running-hint.js')).runningHint(ctx, affects);
}

/** The profiles that list a server. */
function profilesWith(config: PlatformConfig, name: string): string[] {
  return Object.entries(config.profiles)
    .filter(([, p]) => p.servers.includes(name))
    .map(([p]) => p);
}

/** Registers `mcp server`. */
export function registerServer(program: Command): void {
  const server = program.command('server').description('manage server definitions and running servers');

  server
    .command('add <name> [command...]')
    .description('add a server: a command after -- (stdio) or --url (remote)')
    .option(
      '-e, --env <KEY=VALUE>',
      'environment variable (repeatable; values may use ${secret:NAME})',
      collect,
    )
    .option('--cwd <dir>', 'working directory of the command')
    .option('-d, --description <text>', 'what the server is for')
    .option('--url <url>', 'URL of a remote server')
    .option('--transport <kind>', 'auto | streamable-http | sse | websocket (with --url)')
    .option('-H, --header <"Name: value">', 'HTTP header for a remote server (repeatable)', collect)
    .option('--profile <name>', 'profile to add it to (default: the active profile)')
    .option('--disabled', 'add it disabled')
    .addHelpText(
      'after',
      '\nExamples:\n  mcp server add echo -- node examples/echo-mcp/dist/index.js\n  mcp server add docs --url https://example.com/mcp -H "Authorization: Bearer ${secret:DOCS_TOKEN}"',
    )
    .action(
      action(async (ctx, name: string, commandArgs: string[], opts: AddOptions) => {
        const def = definitionFromFlags(commandArgs, opts);
        if (opts.url && opts.transport) await checkTransport(def);
        const { addServer } = await import('../../config/edit.js');
        const profile = await (
          await ctx.config()
        ).update((raw, current) => {
          const p = opts.profile ?? current.activeProfile;
          addServer(raw, name, def, p);
          return p;
        });
        ctx.out.result({ name, profile, ...def }, () =>
          ctx.out.success(`added server "${name}" to profile "${profile}"`),
        );
        const relative = relativePathArgs(def, existsSync);
        if (relative.length)
          ctx.out.warn(
            `${relative.join(', ')}: relative to this directory, but the server runs in the platform's ` +
              `working directory; add it with --cwd "${process.cwd()}" or with absolute paths`,
          );
        await runningHint(ctx, (p) => p === profile);
      }),
    );

  server
    .command('list')
    .alias('ls')
    .description('list servers')
    .action(
      action(async (ctx) => {
        const { config } = await (await ctx.config()).load();
        const active = config.profiles[config.activeProfile]?.servers ?? [];
        const rows = Object.entries(config.servers).map(([name, s]) => ({
          name,
          type: s.type,
          enabled: s.enabled,
          inActiveProfile: active.includes(name),
          target: s.type === 'stdio' ? [s.command, ...s.args].join(' ') : s.url,
          ...(s.type === 'remote' ? { transport: s.transport } : {}),
          description: s.description,
        }));
        ctx.out.result(rows, () =>
          ctx.out.table(rows, [
            { key: 'name', label: 'NAME' },
            { key: 'type', label: 'TYPE' },
            {
              key: 'enabled',
              label: 'ENABLED',
              style: (v) => (v === 'true' ? ctx.out.paint('green', v) : ctx.out.paint('gray', v)),
            },
            { key: 'target', label: 'COMMAND / URL' },
          ]),
        );
      }),
    );

  server
    .command('show <name>')
    .description('show one server definition')
    .action(
      action(async (ctx, name: string) => {
        const { config } = await (await ctx.config()).load();
        const def = config.servers[name];
        if (!def) {
          const { PlatformError, PlatformErrorCode } = await import('../../errors.js');
          throw new PlatformError(
            PlatformErrorCode.ServerNotFound,
            `no server named "${name}"`,
            { name },
            {
              hint: 'see `mcp server list`',
            },
          );
        }
        const profiles = Object.entries(config.profiles)
          .filter(([, p]) => p.servers.includes(name))
          .map(([p]) => p);
        const { stringify } = await import('../../config/yaml.js');
        ctx.out.result({ name, ...def, profiles }, () =>
          process.stdout.write(stringify({ [name]: { ...def, profiles } })),
        );
      }),
    );

  server
    .command('remove <name>')
    .alias('rm')
    .description('remove a server (and from every profile)')
    .action(
      action(async (ctx, name: string) => {
        const { removeServer } = await import('../../config/edit.js');
        const inProfiles = await (
          await ctx.config()
        ).update((raw, current) => {
          removeServer(raw, name);
          return profilesWith(current, name);
        });
        ctx.out.result({ name, removed: true }, () => ctx.out.success(`removed server "${name}"`));
        await runningHint(ctx, (p) => inProfiles.includes(p));
      }),
    );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    server
      .command(`${verb} <name>`)
      .description(`${verb} a server`)
      .action(
        action(async (ctx, name: string) => {
          const { setServerEnabled } = await import('../../config/edit.js');
          const inProfiles = await (
            await ctx.config()
          ).update((raw, current) => {
            setServerEnabled(raw, name, enabled);
            return profilesWith(current, name);
          });
          ctx.out.result({ name, enabled }, () => ctx.out.success(`${verb}d server "${name}"`));
          await runningHint(ctx, (p) => inProfiles.includes(p));
        }),
      );
  }
  registerServerControl(server);
}

/** Registers `mcp server start|stop|restart|logs` (they act on the running platform). */
export function registerServerControl(server: Command): void {
  for (const verb of ['start', 'stop', 'restart'] as const) {
    server
      .command(`${verb} <name>`)
      .description(`${verb} a server of the running platform`)
      .action(
        action(async (ctx, name: string) => {
          const { requirePlatform } = await import('../../platform/control-client.js');
          const client = await requirePlatform(ctx.paths);
          const st = await client.post<{ state: string; lastError: { message: string } | null }>(
            `/api/v1/servers/${encodeURIComponent(name)}/${verb}`,
          );
          ctx.out.result(st, () => {
            const note = st.state !== 'running' && st.lastError ? ` (${st.lastError.message})` : '';
            ctx.out.success(`${name}: ${st.state}${note}`);
          });
          if (verb !== 'stop' && st.state !== 'running') process.exitCode = 1;
        }),
      );
  }

  server
    .command('logs <name>')
    .description("a server's stderr log: the last lines, or follow with -f")
    .option('-n, --lines <n>', 'number of lines', '100')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .action(
      action(async (ctx, name: string, opts: { lines: string; follow?: boolean }) => {
        const { serverLogs } = await import('../logs.js');
        await serverLogs(ctx, name, { lines: Number(opts.lines), follow: opts.follow === true });
      }),
    );
}

/**
 * The schema of `config.yaml`, the platform's desired state. Exported as JSON Schema for editors.
 * @module
 */
import * as z from 'zod';

import { SLUG_PATTERN } from './names.js';
import { transportForUrl } from './transport-url.js';

/** The config format version this build writes. Older files are migrated on load. */
export const CONFIG_VERSION = 2;

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'must be 1-32 lowercase letters, digits or hyphens, starting with a letter or digit');

/** Values may reference `${ENV_VAR}` and `${secret:NAME}`. */
const templated = z.string().describe('Literal text; may contain ${ENV_VAR} and ${secret:NAME} references');

/** Per-request deadlines of a server, in seconds. */
export const timeoutsSchema = z
  .object({
    request: z
      .number()
      .positive()
      .default(60)
      .describe('Seconds a request may take; each progress notification starts it again'),
    max: z
      .number()
      .positive()
      .default(600)
      .describe('Hard cap in seconds, whatever progress the server reports'),
    tools: z
      .record(z.string(), z.number().positive())
      .default({})
      .describe('Per-tool request timeouts in seconds, by the tool name the server uses'),
  })
  .strict();

const common = {
  description: z.string().optional().describe('What this server is for'),
  enabled: z.boolean().default(true).describe('Whether the server runs and is exposed'),
  dependsOn: z.array(slug).default([]).describe('Servers that must be running before this one starts'),
  timeouts: timeoutsSchema
    .default({ request: 60, max: 600, tools: {} })
    .describe('Deadlines of requests forwarded to this server'),
  share: z
    .enum(['shared', 'per-session'])
    .default('shared')
    .describe(
      'shared: one upstream for every gateway client; per-session: a private upstream (its own process or connection) per client session',
    ),
};

/** A server launched as a local process speaking MCP over stdio. */
export const stdioServerSchema = z
  .object({
    type: z.literal('stdio').default('stdio'),
    command: z.string().min(1).describe('Executable to run (no shell)'),
    args: z.array(z.string()).default([]).describe('Arguments, passed as an argv array'),
    env: z.record(z.string(), templated).default({}).describe('Environment variables for the server'),
    cwd: z.string().optional().describe('Working directory'),
    ...common,
  })
  .strict();

/** The transports a remote server can be reached over. */
export const remoteTransportSchema = z.enum(['auto', 'streamable-http', 'sse', 'websocket']);

/** A server reached at a URL. */
export const remoteServerSchema = z
  .object({
    type: z.literal('remote').default('remote'),
    url: z
      .string()
      .url()
      .refine((u) => /^(https?|wss?|unix):/i.test(u), 'must be an http(s), ws(s) or unix URL'),
    transport: remoteTransportSchema.default('auto').describe('auto tries Streamable HTTP, then SSE'),
    headers: z.record(z.string(), templated).default({}).describe('HTTP headers sent on every request'),
    ...common,
  })
  .strict()
  .superRefine((def, ctx) => {
    // The URL's scheme decides which transports can reach it (websocket needs ws:// or wss://).
    const check = transportForUrl(def.url, def.transport);
    if (!check.ok && !check.unsupportedScheme) {
      ctx.addIssue({
        code: 'custom',
        path: ['transport'],
        message: `transport "${def.transport}" cannot reach this URL: ${check.hint}`,
      });
    }
  });

/** A server definition: stdio (has `command`) or remote (has `url`). */
export const serverSchema = z.union([stdioServerSchema, remoteServerSchema]);

/** Tool filtering of a profile. */
export const toolFilterSchema = z
  .object({
    allow: z
      .array(z.string())
      .default([])
      .describe('Glob patterns of exposed tool names to keep (empty: all)'),
    deny: z.array(z.string()).default([]).describe('Glob patterns of exposed tool names to hide'),
  })
  .strict();

/** A named set of servers. */
export const profileSchema = z
  .object({
    description: z.string().optional(),
    servers: z.array(slug).default([]),
    tools: toolFilterSchema.default({ allow: [], deny: [] }),
    descriptions: z
      .record(z.string(), z.string())
      .default({})
      .describe('Per-tool description overrides, keyed by exposed tool name'),
  })
  .strict();

/** The gateway's listening and naming settings. */
export const gatewaySchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8090),
    separator: z
      .string()
      .min(1)
      .max(4)
      .regex(/^[A-Za-z0-9._:-]+$/, 'must use only letters, digits, ".", "_", "-" or ":"')
      .default('__'),
    auth: z.boolean().default(true).describe('Require an API key on /mcp and the API'),
    publicMetrics: z.boolean().default(false).describe('Serve /metrics without a key'),
    allowedOrigins: z.array(z.string()).default([]).describe('Extra browser origins allowed to connect'),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('Most items in one page of an aggregated tools/prompts/resources list'),
    toolIntegrity: z
      .enum(['hide', 'flag', 'off'])
      .default('hide')
      .describe(
        'A tool whose definition changed since it was pinned: hide it until approved, show it flagged, or do nothing',
      ),
    sessionIdleSeconds: z
      .number()
      .int()
      .min(0)
      .default(1800)
      .describe('Close a client session after this long without requests or an open stream (0: never)'),
  })
  .strict();

/** Outbound safety (SSRF guard) for remote servers and anything the platform fetches. */
export const securitySchema = z
  .object({
    allowPrivateNetworks: z
      .boolean()
      .default(false)
      .describe('Allow remote servers in private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)'),
    allowHosts: z
      .array(z.string())
      .default([])
      .describe('Host names, *.suffix patterns or CIDRs always allowed (cloud metadata addresses never are)'),
  })
  .strict();

/** Where the catalog comes from. */
export const catalogSchema = z
  .object({
    registryUrl: z
      .string()
      .url()
      .default('https://registry.modelcontextprotocol.io')
      .describe('Base URL of the MCP registry `mcp catalog sync` reads (GET /v0.1/servers)'),
  })
  .strict();

/** The whole `config.yaml`. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(CONFIG_VERSION),
    servers: z.record(slug, serverSchema).default({}),
    profiles: z.record(slug, profileSchema).default({}),
    activeProfile: slug.default('default'),
    gateway: gatewaySchema.default(gatewaySchema.parse({})),
    security: securitySchema.default(securitySchema.parse({})),
    catalog: catalogSchema.default(catalogSchema.parse({})),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    for (const [pname, profile] of Object.entries(cfg.profiles)) {
      profile.servers.forEach((s, i) => {
        if (!(s in cfg.servers)) {
          ctx.addIssue({
            code: 'custom',
            path: ['profiles', pname, 'servers', i],
            message: `unknown server "${s}"`,
          });
        }
      });
    }
    for (const [sname, server] of Object.entries(cfg.servers)) {
      server.dependsOn.forEach((d, i) => {
        if (!(d in cfg.servers) || d === sname) {
          ctx.addIssue({
            code: 'custom',
            path: ['servers', sname, 'dependsOn', i],
            message: d === sname ? 'a server cannot depend on itself' : `unknown server "${d}"`,
          });
        }
      });
    }
    if (!(cfg.activeProfile in cfg.profiles)) {
      ctx.addIssue({
        code: 'custom',
        path: ['activeProfile'],
        message: `unknown profile "${cfg.activeProfile}"`,
      });
    }
  });

/** A validated config with every default filled in. */
export type PlatformConfig = z.output<typeof configSchema>;
/** A server definition. */
export type ServerConfig = z.output<typeof serverSchema>;
export type StdioServerConfig = z.output<typeof stdioServerSchema>;
export type RemoteServerConfig = z.output<typeof remoteServerSchema>;
export type ProfileConfig = z.output<typeof profileSchema>;
export type GatewayConfig = z.output<typeof gatewaySchema>;

/** Whether a server definition is stdio. */
export function isStdioServer(s: ServerConfig): s is StdioServerConfig {
  return s.type === 'stdio';
}

/** The config a fresh home starts with: no servers, one empty default profile. */
export function defaultConfig(): PlatformConfig {
  return configSchema.parse({
    version: CONFIG_VERSION,
    profiles: { default: { servers: [] } },
    activeProfile: 'default',
  });
}

/** JSON Schema (draft 2020-12) of config.yaml, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://mcp-platform.dev/schema/config.schema.json',
    title: 'MCP Platform config.yaml',
  };
}

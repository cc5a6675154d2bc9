/**
 * The official MCP registry's `server.json` (schema 2025-12-11), as zod schemas: what catalog entries,
 * registry pages and `mcp publish validate` are checked against. Unknown fields pass through (the format
 * grows); our own metadata lives under `_meta["dev.mcp-platform/catalog"]`.
 * @module
 */
import * as z from 'zod';

/** The `$schema` URL of the format version this build writes. */
export const SERVER_JSON_SCHEMA =
  'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** The `_meta` namespace of MCP Platform's own catalog metadata. */
export const CATALOG_META = 'dev.mcp-platform/catalog';

/** Reverse-DNS server names: `io.github.owner/name`. */
export const SERVER_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

const input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  default: z.string().optional(),
  value: z.string().optional(),
  choices: z.array(z.string()).optional(),
  placeholder: z.string().optional(),
};

/** A named input (environment variable, header). */
export const keyValueInputSchema = z.looseObject({ name: z.string().min(1), ...input });

/** A runtime or package argument. */
export const argumentSchema = z.union([
  z.looseObject({
    type: z.literal('positional'),
    valueHint: z.string().optional(),
    isRepeated: z.boolean().optional(),
    ...input,
  }),
  z.looseObject({
    type: z.literal('named'),
    name: z.string().min(1),
    isRepeated: z.boolean().optional(),
    ...input,
  }),
]);

/** How a package's server is reached once running. */
export const packageTransportSchema = z.looseObject({
  type: z.enum(['stdio', 'streamable-http', 'sse']),
  url: z.string().optional(),
  headers: z.array(keyValueInputSchema).optional(),
});

/** A way to install and run the server. */
export const packageSchema = z.looseObject({
  registryType: z.enum(['npm', 'pypi', 'oci', 'nuget', 'mcpb', 'cargo']),
  registryBaseUrl: z.string().url().optional(),
  identifier: z.string().min(1),
  version: z.string().min(1).optional(),
  runtimeHint: z.string().optional(),
  transport: packageTransportSchema,
  runtimeArguments: z.array(argumentSchema).optional(),
  packageArguments: z.array(argumentSchema).optional(),
  environmentVariables: z.array(keyValueInputSchema).optional(),
  fileSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
});

/** A hosted endpoint of the server. */
export const remoteSchema = z.looseObject({
  type: z.enum(['streamable-http', 'sse']),
  url: z.string().min(1),
  headers: z.array(keyValueInputSchema).optional(),
});

/** MCP Platform's metadata of an entry. */
export const catalogMetaSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  category: z.string().min(1),
  tags: z.array(z.string()).default([]),
  featured: z.boolean().optional(),
  homepage: z.string().url().optional(),
  platforms: z.array(z.enum(['linux', 'darwin', 'win32'])).optional(),
  dependsOn: z.array(z.string()).optional(),
  bundled: z.string().optional(),
  /** A note on what could not be checked against the package itself. */
  note: z.string().optional(),
});

/** One `server.json`. */
export const serverJsonSchema = z.looseObject({
  $schema: z.string().optional(),
  name: z.string().regex(SERVER_NAME, 'must be reverse-DNS with one slash, e.g. io.github.owner/server'),
  title: z.string().optional(),
  description: z.string().min(1).max(100),
  version: z.string().min(1).max(255),
  websiteUrl: z.string().url().optional(),
  repository: z
    .looseObject({
      url: z.string(),
      source: z.string(),
      subfolder: z.string().optional(),
      id: z.string().optional(),
    })
    .optional(),
  packages: z.array(packageSchema).optional(),
  remotes: z.array(remoteSchema).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

/** A `server.json` document. */
export type ServerJson = z.infer<typeof serverJsonSchema>;
/** One package of a `server.json`. */
export type ServerPackage = z.infer<typeof packageSchema>;
/** Our metadata of an entry. */
export type CatalogMeta = z.infer<typeof catalogMetaSchema>;

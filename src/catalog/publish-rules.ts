/**
 * `mcp publish validate`: a server.json checked against the official format and the rules a good entry
 * follows here: reverse-DNS name, exact (pinned) versions, credentials marked secret, remotes over HTTPS.
 * Every problem names its JSON path.
 * @module
 */
import { serverJsonSchema } from './server-json.js';

/** One problem in a document. */
export interface Finding {
  /** JSON path, e.g. `packages[0].version`. */
  path: string;
  message: string;
  level: 'error' | 'warning';
}

const PINNED = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const SECRET_NAME = /(TOKEN|SECRET|PASSW(OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

function pathOf(parts: ReadonlyArray<PropertyKey>): string {
  return (
    parts.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ) || '(root)'
  );
}

/** Every finding for a parsed document; no errors means it may be published. */
export function validateServerJson(doc: unknown): Finding[] {
  const parsed = serverJsonSchema.safeParse(doc);
  const schema: Finding[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message, level: 'error' as const }));
  // The rules run on what is there even when the format is off, so one run shows every problem; a value the
  // schema already refused (wrong type) is left to the schema's finding.
  const reported = new Set(schema.map((f) => f.path));
  return [...schema, ...ruleFindings(isObject(doc) ? doc : {}).filter((f) => !reported.has(f.path))];
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Loose[] => (Array.isArray(v) ? v.map((x) => (isObject(x) ? x : {})) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The publishing rules, on the document as it is. */
function ruleFindings(s: Loose): Finding[] {
  const out: Finding[] = [];
  const version = text(s.version);
  if (version !== undefined && !PINNED.test(version))
    out.push({ path: 'version', message: `"${version}" is not an exact version (x.y.z)`, level: 'error' });
  const packages = objects(s.packages);
  const remotes = objects(s.remotes);
  if (!packages.length && !remotes.length)
    out.push({ path: '(root)', message: 'needs at least one of packages or remotes', level: 'error' });
  packages.forEach((p, i) => {
    const pinned = text(p.version);
    if (!pinned)
      out.push({
        path: `packages[${i}].version`,
        message: 'missing: pin the package version',
        level: 'error',
      });
    else if (!PINNED.test(pinned) && p.registryType !== 'oci')
      out.push({
        path: `packages[${i}].version`,
        message: `"${pinned}" is a range or tag, not a pinned version`,
        level: 'error',
      });
    else if (p.registryType === 'oci' && /^(latest|main|master)$/.test(pinned))
      out.push({
        path: `packages[${i}].version`,
        message: `"${pinned}" is a moving tag: pin an image version`,
        level: 'error',
      });
    objects(p.environmentVariables).forEach((v, j) => {
      const name = text(v.name) ?? '';
      if (SECRET_NAME.test(name) && v.isSecret !== true) {
        out.push({
          path: `packages[${i}].environmentVariables[${j}].isSecret`,
          message: `${name} looks like a credential: mark it isSecret: true`,
          level: 'error',
        });
      }
      if (!v.description)
        out.push({
          path: `packages[${i}].environmentVariables[${j}].description`,
          message: `${name} has no description`,
          level: 'warning',
        });
    });
    const transport = isObject(p.transport) ? p.transport : undefined;
    const type = text(transport?.type);
    if (type && type !== 'stdio' && !transport?.url)
      out.push({
        path: `packages[${i}].transport.url`,
        message: `${type} needs a url`,
        level: 'error',
      });
  });
  remotes.forEach((r, i) => {
    const url = text(r.url);
    if (url !== undefined && !/^https:\/\//.test(url))
      out.push({ path: `remotes[${i}].url`, message: 'remotes must use https://', level: 'error' });
    objects(r.headers).forEach((h, j) => {
      const name = text(h.name) ?? '';
      if (/^(authorization|x-api-key)$/i.test(name) && h.isSecret !== true) {
        out.push({
          path: `remotes[${i}].headers[${j}].isSecret`,
          message: `${name} carries a credential: mark it isSecret: true`,
          level: 'error',
        });
      }
    });
  });
  if (!s.repository)
    out.push({
      path: 'repository',
      message: 'no repository: users cannot review the source',
      level: 'warning',
    });
  return out;
}

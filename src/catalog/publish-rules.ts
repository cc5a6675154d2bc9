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
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({
      path: pathOf(i.path),
      message: i.message,
      level: 'error' as const,
    }));
  }
  const s = parsed.data;
  const out: Finding[] = [];
  if (!PINNED.test(s.version))
    out.push({ path: 'version', message: `"${s.version}" is not an exact version (x.y.z)`, level: 'error' });
  if (!s.packages?.length && !s.remotes?.length)
    out.push({ path: '(root)', message: 'needs at least one of packages or remotes', level: 'error' });
  s.packages?.forEach((p, i) => {
    if (!p.version)
      out.push({
        path: `packages[${i}].version`,
        message: 'missing: pin the package version',
        level: 'error',
      });
    else if (!PINNED.test(p.version) && p.registryType !== 'oci')
      out.push({
        path: `packages[${i}].version`,
        message: `"${p.version}" is a range or tag, not a pinned version`,
        level: 'error',
      });
    else if (p.registryType === 'oci' && /^(latest|main|master)$/.test(p.version))
      out.push({
        path: `packages[${i}].version`,
        message: `"${p.version}" is a moving tag: pin an image version`,
        level: 'error',
      });
    p.environmentVariables?.forEach((v, j) => {
      if (SECRET_NAME.test(v.name) && v.isSecret !== true) {
        out.push({
          path: `packages[${i}].environmentVariables[${j}].isSecret`,
          message: `${v.name} looks like a credential: mark it isSecret: true`,
          level: 'error',
        });
      }
      if (!v.description)
        out.push({
          path: `packages[${i}].environmentVariables[${j}].description`,
          message: `${v.name} has no description`,
          level: 'warning',
        });
    });
    if (p.transport.type !== 'stdio' && !p.transport.url)
      out.push({
        path: `packages[${i}].transport.url`,
        message: `${p.transport.type} needs a url`,
        level: 'error',
      });
  });
  s.remotes?.forEach((r, i) => {
    if (!/^https:\/\//.test(r.url))
      out.push({ path: `remotes[${i}].url`, message: 'remotes must use https://', level: 'error' });
    r.headers?.forEach((h, j) => {
      if (/^(authorization|x-api-key)$/i.test(h.name) && h.isSecret !== true) {
        out.push({
          path: `remotes[${i}].headers[${j}].isSecret`,
          message: `${h.name} carries a credential: mark it isSecret: true`,
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

/**
 * What `mcp install <ref>` was given: a catalog id, `<ecosystem>:<package>[@version]`, a URL, a GitHub
 * repository, or a local directory. Pure.
 * @module
 */
import { UsageError } from '../errors.js';

/** The kinds of source. */
export type SourceKind =
  'catalog' | 'npm' | 'pypi' | 'cargo' | 'go' | 'gem' | 'composer' | 'oci' | 'url' | 'github' | 'local';

/** A parsed reference. */
export interface InstallRef {
  kind: SourceKind;
  /** Package, image, URL, repository or directory. */
  target: string;
  version?: string | undefined;
}

const PREFIXES: Record<string, SourceKind> = {
  npm: 'npm',
  pypi: 'pypi',
  cargo: 'cargo',
  go: 'go',
  gem: 'gem',
  composer: 'composer',
  oci: 'oci',
  docker: 'oci',
  url: 'url',
  github: 'github',
};

/** Splits `name@version` (npm scopes keep their leading `@`). */
function splitVersion(spec: string): { target: string; version?: string } {
  const at = spec.lastIndexOf('@');
  return at > 0 ? { target: spec.slice(0, at), version: spec.slice(at + 1) } : { target: spec };
}

/**
 * Parses a reference.
 * @example parseRef('npm:@modelcontextprotocol/server-memory@2026.8.31') // { kind: 'npm', target: '@modelcontextprotocol/server-memory', version: '2026.8.31' }
 */
export function parseRef(ref: string): InstallRef {
  const trimmed = ref.trim();
  if (/^https?:\/\/(www\.)?github\.com\/[^/]+\/[^/#]+/.test(trimmed)) {
    const m = /github\.com\/([^/]+\/[^/#]+?)(?:\.git)?(?:#(.+))?$/.exec(trimmed)!;
    return { kind: 'github', target: m[1]!, version: m[2] };
  }
  if (/^(https?|wss?):\/\//.test(trimmed)) return { kind: 'url', target: trimmed };
  if (trimmed.startsWith('.') || trimmed.startsWith('/') || trimmed.startsWith('~'))
    return { kind: 'local', target: trimmed };
  const colon = trimmed.indexOf(':');
  if (colon > 0) {
    const kind = PREFIXES[trimmed.slice(0, colon).toLowerCase()];
    if (!kind)
      throw new UsageError(
        `unknown source "${trimmed.slice(0, colon)}:" in "${ref}": use ${Object.keys(PREFIXES).join(':, ')}:`,
      );
    const rest = trimmed.slice(colon + 1);
    if (!rest) throw new UsageError(`"${ref}" names no package`);
    if (kind === 'url') return { kind, target: rest };
    if (kind === 'github') {
      const [repo, refName] = rest.split('#');
      return { kind, target: repo!, version: refName };
    }
    if (kind === 'oci') {
      const m = /^(.+?)(?::([^/:]+))?$/.exec(rest)!;
      return { kind, target: m[1]!, version: m[2] };
    }
    return { kind, ...splitVersion(rest) };
  }
  if (/^[a-z0-9][a-z0-9-]{0,31}$/.test(trimmed) || /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/.test(trimmed)) {
    return { kind: 'catalog', target: trimmed };
  }
  throw new UsageError(
    `cannot tell what "${ref}" is: give a catalog id, npm:<package>, pypi:<package>, url:<https://...>, github:<owner>/<repo> or a directory`,
  );
}

/**
 * The command that reinstalls an install `mcp update` does not update in place, in the syntax of its source
 * (see `ref.ts`): a GitHub repository names a tag or branch after `#`, an image a tag after `:`, a package
 * a version after `@`; a local directory or a URL has no version to name. Pure.
 * @module
 */
import type { InstallRecord } from './flow.js';
import { parseRef } from './ref.js';

/** What the user typed to install `record`: the record's source without what it resolved to. */
function typedSource(source: string): string {
  return source.replace(/\s+\(.*\)$/, '');
}

/** The inner source a catalog or repository install resolved to (`catalog:x (npm:y)` -> `npm:y`). */
function resolvedSource(source: string): string | undefined {
  return /\s+\((.*)\)$/.exec(source)?.[1];
}

/** The reference to install again, with a placeholder where the new version goes. */
function refWithVersion(source: string): string {
  const typed = typedSource(source);
  if (typed.startsWith('local:')) return typed.slice('local:'.length);
  if (typed.startsWith('url:')) return typed.slice('url:'.length);
  if (typed.startsWith('catalog:')) {
    // A catalog id names no version: the package it chose does.
    const inner = resolvedSource(source);
    return inner ? refWithVersion(inner) : typed.slice('catalog:'.length);
  }
  const ref = parseRef(typed);
  switch (ref.kind) {
    case 'github':
      return `github:${ref.target}#<tag or branch>`;
    case 'oci':
      return `oci:${ref.target}:<tag>`;
    case 'url':
    case 'local':
    case 'catalog':
      return ref.target;
    default:
      // Records spell a PyPI pin `pkg==1.0` and a Composer one `vendor/pkg:1.0`; `mcp install` takes `@`.
      return `${ref.kind}:${ref.target.replace(/(==|:).*$/, '')}@<version>`;
  }
}

/**
 * `mcp uninstall <name> && mcp install <ref>` for `record`, `--runtime docker` kept; `undefined` when its
 * source cannot be read back as a reference.
 * @example reinstallCommand({ name: 'fs', source: 'github:acme/fs-mcp#v1.0.0', ... }) // 'mcp uninstall fs && mcp install github:acme/fs-mcp#<tag or branch>'
 */
export function reinstallCommand(
  record: Pick<InstallRecord, 'name' | 'source' | 'runtime'>,
): string | undefined {
  let ref: string;
  try {
    ref = refWithVersion(record.source);
  } catch {
    return undefined;
  }
  const docker = record.runtime === 'docker' && !ref.startsWith('oci:') ? ' --runtime docker' : '';
  return `mcp uninstall ${record.name} && mcp install ${ref}${docker}`;
}

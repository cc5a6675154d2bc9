/**
 * Which Dockerfile template `mcp docker render` fills in for a configured server, and with what: from its
 * install record (the ecosystem and package it came from, or the language of a repository built from
 * source), else from its command (`uvx` servers, anything else `generic`). Pure.
 * @module
 */
import path from 'node:path';

import type { TemplateName, TemplateValues } from '../catalog/docker.js';
import { UsageError } from '../errors.js';

import type { InstallRecord } from './flow.js';

/** A stdio definition as the config holds it. */
export interface StdioDef {
  command: string;
  args: string[];
  cwd?: string | undefined;
}

const REPO_TEMPLATE: Record<string, TemplateName> = {
  node: 'github-node',
  python: 'github-python',
  go: 'github-go',
  rust: 'github-rust',
  ruby: 'github-ruby',
};

function pinned(record: InstallRecord, kind: string): string {
  if (record.version) return record.version;
  throw new UsageError(
    `"${record.name}" was installed without a pinned version: the ${kind} template pins one`,
    `reinstall it with a version (${kind}:<package>@<version>), or render with --template generic`,
  );
}

/** The template and values for a server. */
export function chooseTemplate(
  name: string,
  def: StdioDef,
  record: InstallRecord | undefined,
): { template: TemplateName; values: TemplateValues } {
  const bin = path.basename(def.command);
  if (record?.npmPackage) {
    const marker = `${path.sep}node_modules${path.sep}${record.npmPackage}${path.sep}`;
    const entry = def.args[0] ?? '';
    return {
      template: 'node',
      values: {
        PACKAGE: record.npmPackage,
        VERSION: record.version ?? 'latest',
        BIN: entry.slice(entry.indexOf(marker) + marker.length),
        ARGS: def.args.slice(1),
      },
    };
  }
  if (record?.runtime === 'docker' || record?.kind === 'oci')
    throw new UsageError(`"${name}" already runs in a container (${record.image ?? 'an image'})`);
  const pkg = record?.package;
  const args = def.args;
  switch (record?.kind) {
    case 'cargo':
      return {
        template: 'cargo',
        values: { PACKAGE: pkg, VERSION: pinned(record, 'cargo'), BIN: bin, ARGS: args },
      };
    case 'go':
      return {
        template: 'go',
        values: { PACKAGE: pkg, VERSION: record.version ?? 'latest', BIN: bin, ARGS: args },
      };
    case 'gem':
      return {
        template: 'gem',
        values: { PACKAGE: pkg, VERSION: pinned(record, 'gem'), BIN: bin, ARGS: args },
      };
    case 'composer':
      return {
        template: 'composer',
        values: { PACKAGE: pkg, VERSION: pinned(record, 'composer'), BIN: bin, ARGS: args },
      };
    case 'pypi':
      if (def.command !== 'uvx')
        return {
          template: 'python-pip',
          values: { PACKAGE: pkg, VERSION: pinned(record, 'pypi'), BIN: bin, ARGS: args },
        };
      break;
    case 'github':
    case 'local': {
      const language = record.detected?.language;
      const template = language ? REPO_TEMPLATE[language] : undefined;
      if (!template) break;
      const root = def.cwd ?? path.dirname(def.command);
      const interpreted = language === 'node' || language === 'ruby' || def.command.endsWith('/python');
      const entry = interpreted ? (args.find((a) => a.startsWith(root)) ?? '') : def.command;
      const relBin = interpreted ? path.relative(root, entry) : bin;
      return { template, values: { BIN: relBin, MAIN: '.', ARGS: interpreted ? args.slice(1) : args } };
    }
  }
  if (def.command === 'uvx' && def.args[0] === '--from') {
    const [p, version] = (def.args[1] ?? '').split('==');
    return {
      template: 'python-uv',
      values: { PACKAGE: p!, VERSION: version ?? '', BIN: def.args[2] ?? p!, ARGS: def.args.slice(3) },
    };
  }
  return { template: 'generic', values: { BIN: def.command, ARGS: def.args } };
}

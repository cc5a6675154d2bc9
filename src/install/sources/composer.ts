/**
 * Composer packages: `composer require` into MCP_HOME/packages/<name> (Composer writes its composer.json
 * there); the server runs the package's script from `vendor/bin`.
 * @module
 */
import { UsageError } from '../../errors.js';
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { askRegistry } from './ask-registry.js';
import { binarySource } from './binary-source.js';
import type { InstallSource } from './types.js';

/** Plans a Composer package `vendor/package`, run from `vendor/bin/<package>`. */
export function planComposer(pkg: string, version: string | undefined, vars: NeededVar[] = []): InstallPlan {
  if (!/^[a-z0-9_.-]+\/[a-z0-9_.-]+$/i.test(pkg))
    throw new UsageError(`composer:${pkg}: name the package as vendor/package`);
  const bin = pkg.split('/')[1]!;
  const spec = version ? `${pkg}:${version}` : pkg;
  return {
    name: slug(bin),
    kind: 'composer',
    source: `composer:${spec}`,
    package: pkg,
    version,
    commands: [
      [
        'composer',
        'require',
        '--working-dir',
        '{dir}',
        '--no-interaction',
        '--no-progress',
        '--update-no-dev',
        spec,
      ],
    ],
    installsFiles: true,
    server: { command: `{dir}/vendor/bin/${bin}`, args: [] },
    requires: [
      { command: 'composer', hint: 'install Composer (https://getcomposer.org) and PHP' },
      { command: 'php', hint: 'install PHP (the php command line)' },
    ],
    vars,
    why: [`Composer package ${spec}, required into MCP_HOME/packages, run from vendor/bin`],
  };
}

/** The Composer source. */
export const composerSource: InstallSource = binarySource({
  kind: 'composer',
  plan: planComposer,
  bin: (target) => target.split('/')[1]!,
  latest(record) {
    return askRegistry(
      'Packagist',
      ['composer', 'show', '--all', '--no-interaction', '--format=json', record.package ?? ''],
      (out) => (JSON.parse(out) as { versions?: string[] }).versions?.find((v) => /^v?\d+(\.\d+)*$/.test(v)),
    );
  },
});

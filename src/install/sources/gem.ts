/**
 * RubyGems: `gem install --install-dir MCP_HOME/packages/<name>`; the server runs the gem's executable with
 * GEM_HOME and GEM_PATH set to that directory, so it loads only what was installed there.
 * @module
 */
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { askRegistry } from './ask-registry.js';
import { binarySource } from './binary-source.js';
import type { InstallSource } from './types.js';

/** Plans a gem: installed into its own directory, run with GEM_HOME/GEM_PATH pointing there. */
export function planGem(gem: string, version: string | undefined, vars: NeededVar[] = []): InstallPlan {
  return {
    name: slug(gem),
    kind: 'gem',
    source: `gem:${gem}${version ? `@${version}` : ''}`,
    package: gem,
    version,
    commands: [
      [
        'gem',
        'install',
        '--install-dir',
        '{dir}',
        '--bindir',
        '{dir}/bin',
        '--no-document',
        gem,
        ...(version ? ['--version', version] : []),
      ],
    ],
    installsFiles: true,
    server: { command: `{dir}/bin/${gem}`, args: [], env: { GEM_HOME: '{dir}', GEM_PATH: '{dir}' } },
    requires: [{ command: 'gem', hint: 'install Ruby with RubyGems (https://www.ruby-lang.org)' }],
    vars,
    why: [
      `Ruby gem ${gem}${version ? ` ${version}` : ''}, installed under MCP_HOME/packages, run with GEM_HOME there`,
    ],
  };
}

/** The gem source. */
export const gemSource: InstallSource = binarySource({
  kind: 'gem',
  plan: planGem,
  bin: (target) => target,
  latest(record) {
    const gem = record.package ?? '';
    return askRegistry('RubyGems', ['gem', 'list', '--remote', '--exact', gem], (out) => {
      const m = new RegExp(`^${gem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(([^),\\s]+)`, 'm').exec(out);
      return m?.[1];
    });
  },
});

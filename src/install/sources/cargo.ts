/**
 * Rust crates: `cargo install --root MCP_HOME/packages/<name>`; the server runs the installed binary.
 * (crates.io cannot be reached from the test machines: the plan is tested, not a real build.)
 * @module
 */
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { askRegistry } from './ask-registry.js';
import { binarySource } from './binary-source.js';
import type { InstallSource } from './types.js';

/** Plans a crate: built by cargo into its own root, run from `<root>/bin/<crate>`. */
export function planCargo(crate: string, version: string | undefined, vars: NeededVar[] = []): InstallPlan {
  return {
    name: slug(crate),
    kind: 'cargo',
    source: `cargo:${crate}${version ? `@${version}` : ''}`,
    package: crate,
    version,
    commands: [['cargo', 'install', '--root', '{dir}', ...(version ? ['--version', version] : []), crate]],
    installsFiles: true,
    server: { command: `{dir}/bin/${crate}`, args: [] },
    requires: [{ command: 'cargo', hint: 'install Rust with cargo (https://rustup.rs)' }],
    vars,
    why: [
      `Rust crate ${crate}${version ? ` ${version}` : ''}, built with cargo install under MCP_HOME/packages`,
    ],
  };
}

/** The cargo source. */
export const cargoSource: InstallSource = binarySource({
  kind: 'cargo',
  plan: planCargo,
  bin: (target) => target,
  latest(record) {
    const crate = record.package ?? '';
    return askRegistry('crates.io', ['cargo', 'search', '--limit', '1', crate], (out) => {
      const m = /^(\S+) = "([^"]+)"/m.exec(out);
      return m && m[1] === crate ? m[2] : undefined;
    });
  },
});

/**
 * Go modules: `go install <module>@<version>` with GOBIN under MCP_HOME/packages/<name>/bin; the server runs
 * the installed binary. (The Go module proxy is not used by the tests: the plan is tested.)
 * @module
 */
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { askRegistry } from './ask-registry.js';
import { binarySource } from './binary-source.js';
import type { InstallSource } from './types.js';

/** The binary `go install` names after a package path (a trailing major version `/vN` is skipped). */
export function goBinName(modulePath: string): string {
  const parts = modulePath.split('/').filter(Boolean);
  const last = parts.at(-1) ?? modulePath;
  return /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2)! : last;
}

/** Plans a Go module: `go install module@version` (default `latest`), run from GOBIN. */
export function planGo(module: string, version: string | undefined, vars: NeededVar[] = []): InstallPlan {
  const spec = `${module}@${version ?? 'latest'}`;
  const bin = goBinName(module);
  return {
    name: slug(bin),
    kind: 'go',
    source: `go:${spec}`,
    package: module,
    version,
    commands: [['go', 'install', spec]],
    commandEnv: { GOBIN: '{dir}/bin' },
    installsFiles: true,
    server: { command: `{dir}/bin/${bin}`, args: [] },
    requires: [{ command: 'go', hint: 'install Go (https://go.dev/dl/)' }],
    vars,
    why: [`Go module ${spec}, built with go install (GOBIN under MCP_HOME/packages)`],
  };
}

/** The Go source. */
export const goSource: InstallSource = binarySource({
  kind: 'go',
  plan: planGo,
  bin: goBinName,
  latest(record) {
    return askRegistry(
      'the Go module proxy',
      ['go', 'list', '-m', '-f', '{{.Version}}', `${record.package ?? ''}@latest`],
      (out) => out.trim() || undefined,
    );
  },
});

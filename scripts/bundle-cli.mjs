#!/usr/bin/env node
// Usage: node scripts/bundle-cli.mjs — bundles the compiled CLI (dist/cli/main.js and everything it loads)
// into dist/bundle/, which bin/mcp.js runs. Node 20 spends about 0.5-1 ms per ES module it loads; the
// platform loads several hundred (zod and the MCP SDK alone about 180), so one bundle, split where the code
// imports lazily, starts in a fraction of the time. Dependencies are bundled whether published as ES modules
// or CommonJS (yaml, ajv, prom-client, ...: loaded file by file from node_modules they cost the idle
// platform about 2 MB more); native addons and the packages that load one by a computed name stay in
// node_modules (EXTERNAL). One difference in behaviour: `await import('<commonjs package>')` of a bundled
// CommonJS package has only a default export, so such an import fails the build here; the code imports
// these packages statically, or through a module of its own that re-exports what it needs (src/config/yaml.ts).
// dist/bundle/ sits two levels below the package root, as dist/cli/ does, so paths the code computes from
// import.meta.url (the package root, package.json, dist/runtime/reaper.js) come out the same.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages left in node_modules: native addons and the packages that find one at run time (a `require` of a
 * name computed from the platform), the optional native helpers some packages try to load, and jsonc-parser,
 * whose UMD build requires its own files through a parameter the bundler does not follow.
 */
const EXTERNAL = new Set([
  'jsonc-parser',
  '@libsql/client',
  'libsql',
  '@napi-rs/keyring',
  'pg',
  'pg-native',
  'bufferutil',
  'utf-8-validate',
]);

/** Whether the package `name`, as Node finds it from `dir`, is published as ES modules. */
function isEsm(name, dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, 'node_modules', name, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      return manifest.type === 'module' || /"import"\s*:/.test(JSON.stringify(manifest.exports ?? {}));
    }
    if (path.dirname(d) === d) return true; // not found: esbuild reports it
  }
}

const external = {
  name: 'external-native',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (EXTERNAL.has(name)) return { external: true };
      if (args.kind === 'dynamic-import' && !isEsm(name, args.resolveDir)) {
        return {
          errors: [
            {
              text: `import('${args.path}') of a bundled CommonJS package would have only a default export: import it statically, or through a module that re-exports it`,
            },
          ],
        };
      }
      return undefined;
    });
  },
};
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  minifyWhitespace: true,
  plugins: [external],
  // Bundled packages that ship CommonJS behind an ES module entry still call require() (for Node's
  // built-ins and for the packages left outside).
  banner: {
    js: "import { createRequire as __mcpCreateRequire } from 'node:module'; const require = __mcpCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

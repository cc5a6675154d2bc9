#!/usr/bin/env node
// Usage: node scripts/bundle-cli.mjs — bundles the compiled CLI (dist/cli/main.js and everything it loads)
// into dist/bundle/, which bin/mcp.js runs. Node 20 spends about 0.5-1 ms per ES module it loads; the
// platform loads several hundred (zod and the MCP SDK alone about 180), so one bundle, split where the code
// imports lazily, starts in a fraction of the time. Dependencies published as ES modules are bundled; the
// CommonJS ones (and native ones) stay outside and load from node_modules as Node loads them, so their
// named exports, `require` and `__dirname` behave exactly as without the bundle.
// dist/bundle/ sits two levels below the package root, as dist/cli/ does, so paths the code computes from
// import.meta.url (the package root, package.json, dist/runtime/reaper.js) come out the same.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The package.json of `name` as Node would find it from `dir` (its exports may hide it from require). */
function manifestOf(name, dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, 'node_modules', name, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    if (path.dirname(d) === d) return undefined;
  }
}

/** Whether a package is published as ES modules (its `type`, or an `import` condition of its exports). */
function isEsm(name, dir) {
  const manifest = manifestOf(name, dir);
  if (!manifest) return false; // a built-in, or not installed: left to Node
  if (manifest.type === 'module') return true;
  return /"import"\s*:/.test(JSON.stringify(manifest.exports ?? {}));
}

const esm = new Map();
/** Bare imports of CommonJS packages stay imports of node_modules. */
const externalCommonJs = {
  name: 'external-commonjs',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      const key = `${args.resolveDir}\0${name}`;
      if (!esm.has(key)) esm.set(key, isEsm(name, args.resolveDir));
      return esm.get(key) ? undefined : { external: true };
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
  plugins: [externalCommonJs],
  // Bundled packages that ship CommonJS behind an ES module entry still call require() (for Node's
  // built-ins and for the packages left outside).
  banner: {
    js: "import { createRequire as __mcpCreateRequire } from 'node:module'; const require = __mcpCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

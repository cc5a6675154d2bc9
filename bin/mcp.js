#!/usr/bin/env -S node --max-semi-space-size=1
// The shebang gives Node the platform's flags (PLATFORM_NODE_FLAGS in src/cli/node-flags.ts: small V8
// semi-spaces); V8 takes them only at start, so `node bin/mcp.js` alone runs with V8's defaults.
// dist/bundle/ is the compiled CLI bundled by `npm run build` (scripts/bundle-cli.mjs): it starts several
// times faster than the hundreds of modules under dist/.
const { main } = await import('../dist/bundle/main.js');
process.exitCode = await main(process.argv.slice(2));

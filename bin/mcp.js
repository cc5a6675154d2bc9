#!/usr/bin/env -S node --max-semi-space-size=1
// V8's young generation is kept small (1 MB semi-spaces instead of up to 16 MB): a long-running platform then
// holds about 12 MB less, at the cost of more frequent, cheaper scavenges. The flag has to be given when
// Node starts (the shebang above; `mcp up --detach` and `npm start` pass it too); `node bin/mcp.js` alone
// runs with V8's default.
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));

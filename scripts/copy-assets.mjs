#!/usr/bin/env node
// Usage: node scripts/copy-assets.mjs — copies plain-JS runtime files tsc does not emit into dist/.
import { copyFileSync, mkdirSync } from 'node:fs';

const assets = [['src/runtime/reaper.js', 'dist/runtime/reaper.js']];
for (const [from, to] of assets) {
  mkdirSync(new URL(`../${to}`, import.meta.url).pathname.replace(/\/[^/]+$/, ''), { recursive: true });
  copyFileSync(new URL(`../${from}`, import.meta.url), new URL(`../${to}`, import.meta.url));
}

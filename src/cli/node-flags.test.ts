import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { PLATFORM_NODE_FLAGS } from './node-flags.js';

describe('platform node flags', () => {
  it("are the flags of bin/mcp.js's shebang", () => {
    const bin = readFileSync(fileURLToPath(new URL('../../bin/mcp.js', import.meta.url)), 'utf8');
    const shebang = bin.split('\n')[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S node ${PLATFORM_NODE_FLAGS.join(' ')}`);
  });
});

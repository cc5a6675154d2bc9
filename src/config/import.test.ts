import { describe, expect, it } from 'vitest';

import { planImport } from './import.js';

describe('planImport', () => {
  it('maps the common client shapes to server definitions', () => {
    const plan = planImport(
      {
        mcpServers: {
          fs: { command: 'npx', args: ['-y', 'srv'], env: { A: 1 }, disabled: true },
          windsurf: { serverUrl: 'https://w.example/mcp' },
          gemini: { httpUrl: 'https://g.example/mcp', headers: { K: 'v' } },
          legacy: { url: 'https://l.example/sse', type: 'sse' },
          odd: { url: 'https://o.example', type: 'carrier-pigeon' },
        },
      },
      {},
    );
    expect(plan.servers).toEqual({
      fs: { command: 'npx', args: ['-y', 'srv'], env: { A: '1' }, enabled: false },
      windsurf: { url: 'https://w.example/mcp' },
      gemini: { url: 'https://g.example/mcp', transport: 'streamable-http', headers: { K: 'v' } },
      legacy: { url: 'https://l.example/sse', transport: 'sse' },
    });
    expect(plan.skipped).toEqual(['odd: unsupported transport "carrier-pigeon"']);
  });

  it('reads the VS Code "servers" shape and avoids existing names', () => {
    const plan = planImport(
      { servers: { Echo: { command: 'node', args: ['e.js'] } } },
      { echo: { command: 'other' } },
    );
    expect(Object.keys(plan.servers)).toEqual(['echo-2']);
    expect(plan.changes).toEqual(['renamed "Echo" to "echo-2"']);
  });

  it('rejects files without servers', () => {
    expect(() => planImport({ foo: 1 }, {})).toThrow(/mcpServers/);
    expect(() => planImport([1, 2], {})).toThrow(/mcpServers/);
  });
});

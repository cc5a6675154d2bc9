/**
 * The secret canary: a secret is set, used by a real server through `${secret:NAME}` under a running
 * platform, and then every file under MCP_HOME (config, state database, logs, secrets) is searched for its
 * plaintext: zero hits. `mcp secret list` shows only its last four characters; `mcp secret doctor` finds a
 * reference to a missing secret.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'servers', 'env-digest.mjs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets at rest', () => {
  it('leaves no plaintext of a used secret anywhere under MCP_HOME', async () => {
    const home = await tempHome();
    const canary = `canary-${randomUUID()}`;
    const cli = (args: string[], input?: string) =>
      runCli(args, { home, env: { MCP_MASTER_KEY: '' }, ...(input ? { input } : {}) });
    expect((await cli(['secret', 'set', 'CANARY_TOKEN'], canary)).code).toBe(0);
    await cli([
      'server',
      'add',
      'digest',
      '--env',
      'CANARY=${secret:CANARY_TOKEN}',
      '--',
      process.execPath,
      FIXTURE,
    ]);
    const key = (await cli(['key', 'create', '--name', 'canary', '--json'])).json<{ key: string }>().key;
    const up = await cli(['up', '--detach', '--port', '0', '--json']);
    expect(up.code, up.stderr).toBe(0);
    try {
      const client = new Client({ name: 'canary', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${up.json<{ url: string }>().url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      );
      const result = await client.callTool({ name: 'digest__digest' });
      expect(result.content).toEqual([
        { type: 'text', text: createHash('sha256').update(canary).digest('hex') },
      ]);
      await client.close();
      const listed = (await cli(['secret', 'list', '--json'])).json<Array<{ name: string; value: string }>>();
      expect(listed).toEqual([{ name: 'CANARY_TOKEN', value: `****${canary.slice(-4)}` }]);
      expect((await cli(['secret', 'doctor', '--json'])).json()).toMatchObject({
        problems: [],
        key: { source: 'file' },
      });
    } finally {
      await cli(['down']);
    }
    const files = filesUnder(home);
    expect(files.some((f) => f.endsWith('config.yaml'))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    const hits = files.filter((f) => readFileSync(f).includes(Buffer.from(canary)));
    expect(hits).toEqual([]);

    await cli(['server', 'add', 'needy', '--env', 'T=${secret:NOT_SET}', '--', process.execPath, FIXTURE]);
    const doctor = await cli(['secret', 'doctor', '--json']);
    expect(doctor.code).toBe(1);
    expect(doctor.json()).toMatchObject({
      problems: [{ server: 'needy', secret: 'NOT_SET', problem: 'is missing' }],
    });
  }, 60_000);
});

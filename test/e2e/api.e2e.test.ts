/**
 * The REST API contract: a real platform started from the built CLI serves its OpenAPI document, and
 * real responses satisfy the schemas the document is generated from.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { API_ROUTES, errorSchema } from '../../src/api/openapi.js';

import { ROOT, runCli, tempHome } from './cli-harness.js';

const ECHO = path.join(ROOT, 'examples', 'echo-mcp', 'dist', 'index.js');

describe('REST API contract', () => {
  it('serves /api/v1/openapi.json and answers as it documents', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'echo', '--', process.execPath, ECHO], { home });
    const up = await runCli(['up', '--detach', '--port', '0', '--json'], { home });
    expect(up.code, up.stderr).toBe(0);
    const { url } = up.json<{ url: string }>();
    const token = (await fs.readFile(path.join(home, 'run', 'control.token'), 'utf8')).trim();
    const auth = { authorization: `Bearer ${token}` };
    try {
      const docRes = await fetch(`${url}/api/v1/openapi.json`, { headers: auth });
      expect(docRes.status).toBe(200);
      const doc = (await docRes.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toContain('/api/v1/servers/{name}/logs');

      const schemaOf = (p: string) => API_ROUTES.find((r) => r.path === p && r.method === 'get')!.response;
      const health = await (await fetch(`${url}/health`)).json();
      expect(schemaOf('/health').safeParse(health).success).toBe(true);
      const logs = await (await fetch(`${url}/api/v1/servers/echo/logs?n=5`, { headers: auth })).json();
      expect(schemaOf('/api/v1/servers/{name}/logs').safeParse(logs).success).toBe(true);
      const missing = await fetch(`${url}/api/v1/servers/nope`, { headers: auth });
      expect(missing.status).toBe(404);
      expect(errorSchema.safeParse(await missing.json()).success).toBe(true);
      expect(errorSchema.safeParse(await (await fetch(`${url}/api/v1/openapi.json`)).json()).success).toBe(
        true,
      );
    } finally {
      await runCli(['down'], { home });
    }
  });
});

import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';
import * as z from 'zod';

import { buildOpenApiDocument, errorSchema } from './openapi.js';
import { API_ROUTES } from './routes/index.js';

type Op = {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
  security: unknown[];
  'x-scope': string;
};

describe('openapi document', () => {
  const doc = buildOpenApiDocument(API_ROUTES, '1.2.3') as {
    openapi: string;
    paths: Record<string, Record<string, Op>>;
  };

  it('is OpenAPI 3.1 and lists every route once, with a unique operationId', () => {
    expect(doc.openapi).toBe('3.1.0');
    const seen = new Set<string>();
    for (const route of API_ROUTES) {
      const key = `${route.method} ${route.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(doc.paths[route.path]?.[route.method], key).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(API_ROUTES.length);
  });

  it('documents path and query parameters, bodies and scopes from the route schemas', () => {
    const logs = doc.paths['/api/v1/servers/{name}/logs']!.get!;
    expect(logs.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:name',
      'query:n',
      'query:follow',
    ]);
    expect(logs.responses['200']!.content).toHaveProperty('application/x-ndjson');
    const add = doc.paths['/api/v1/servers']!.post!;
    expect(add['x-scope']).toBe('admin');
    const body = add.requestBody!.content['application/json']!.schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['name', 'command', 'url', 'env']));
    expect(body.required).toEqual(['name']);
    expect(add.responses).toHaveProperty('201');
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/v1/tools/{name}/call']!.post!['x-scope']).toBe('mcp');
    expect(doc.paths['/api/v1/events']!.get!.responses['200']!.content).toHaveProperty('text/event-stream');
  });

  it('validates with the schemas it documents', () => {
    const route = API_ROUTES.find((r) => r.path === '/api/v1/keys' && r.method === 'post')!;
    expect(route.body!.safeParse({ name: 'ci', scopes: ['read'] }).success).toBe(true);
    expect(route.body!.safeParse({ name: 'ci', scopes: ['root'] }).success).toBe(false);
    expect(errorSchema.safeParse({ error: { code: 'X', message: 'y' } }).success).toBe(true);
    expect(errorSchema.safeParse({ code: 'X' }).success).toBe(false);
    expect(z.toJSONSchema(errorSchema)).toMatchObject({ type: 'object', required: ['error'] });
  });

  it('has every route in the routes table of docs/api.md', () => {
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const rows = new Set(
      doc
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) => l.split('|').map((c) => c.trim()))
        .map((c) => `${c[1]} ${c[2]} ${c[3]}`),
    );
    const missing = API_ROUTES.map((r) => `${r.method.toUpperCase()} \`${r.path}\` ${r.scope}`).filter(
      (row) => !rows.has(row),
    );
    expect(missing).toEqual([]);
  });
});

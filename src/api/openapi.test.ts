import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { API_ROUTES, buildOpenApiDocument, errorSchema } from './openapi.js';

describe('openapi document', () => {
  const doc = buildOpenApiDocument('1.2.3') as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };

  it('is OpenAPI 3.1 and lists every route once', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of API_ROUTES) expect(doc.paths[route.path]?.[route.method]).toBeDefined();
  });

  it('documents path parameters and the error shape', () => {
    const op = doc.paths['/api/v1/servers/{name}/logs']!.get as { parameters: { name: string }[] };
    expect(op.parameters.map((p) => p.name)).toEqual(['name']);
    expect(errorSchema.safeParse({ error: { code: 'X', message: 'y' } }).success).toBe(true);
    expect(errorSchema.safeParse({ code: 'X' }).success).toBe(false);
    expect(z.toJSONSchema(errorSchema)).toMatchObject({ type: 'object', required: ['error'] });
  });
});

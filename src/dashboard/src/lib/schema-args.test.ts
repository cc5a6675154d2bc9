import { describe, expect, it } from 'vitest';

import { initialValues, kindOf, skeleton, toArguments } from './schema-args.js';
import type { JsonSchema } from './types.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    count: { type: 'integer', default: 3 },
    ratio: { type: 'number' },
    loud: { type: 'boolean' },
    mode: { type: 'string', enum: ['a', 'b'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['text'],
};

describe('try-it arguments from a JSON Schema', () => {
  it('picks a field per property kind and starts from the defaults', () => {
    const props = schema.properties!;
    expect(Object.values(props).map(kindOf)).toEqual([
      'text',
      'integer',
      'number',
      'boolean',
      'select',
      'json',
    ]);
    expect(kindOf({ type: ['string', 'null'] })).toBe('text');
    expect(initialValues(props)).toMatchObject({ text: '', count: '3', loud: false });
  });

  it('converts values, omits empty optional ones, and names the first bad field', () => {
    const values = {
      ...initialValues(schema.properties!),
      text: 'hi',
      ratio: '0.5',
      tags: '["x"]',
      mode: 'b',
    };
    expect(toArguments(schema, values)).toEqual({ text: 'hi', count: 3, ratio: 0.5, mode: 'b', tags: ['x'] });
    expect(() => toArguments(schema, { ...values, text: '' })).toThrow('text is required');
    expect(() => toArguments(schema, { ...values, count: '1.5' })).toThrow('count must be an integer');
    expect(() => toArguments(schema, { ...values, tags: '[' })).toThrow('tags is not valid JSON');
    expect(toArguments(schema, { ...values, loud: true })).toMatchObject({ loud: true });
  });

  it('builds a request body skeleton of the required fields', () => {
    expect(
      skeleton({
        type: 'object',
        properties: {
          name: { type: 'string' },
          scopes: { type: 'array', default: ['mcp'] },
          n: { type: 'integer' },
        },
        required: ['name', 'scopes'],
      }),
    ).toEqual({ name: '', scopes: ['mcp'] });
  });
});

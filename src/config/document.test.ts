import { describe, expect, it } from 'vitest';

import { parseYaml, syncDocument } from './document.js';

describe('YAML document sync', () => {
  it('applies changes while keeping comments on untouched nodes', () => {
    const text =
      '# top\nversion: 2 # fmt\nservers:\n  a:\n    command: node # keep me\n    args: [x]\ngateway:\n  port: 8090\n';
    const { doc } = parseYaml(text);
    const value = doc.toJS() as Record<string, unknown>;
    (value.gateway as Record<string, unknown>).port = 9000;
    (value.servers as Record<string, unknown>).b = { url: 'http://h/mcp' };
    syncDocument(doc, value);
    const out = doc.toString();
    expect(out).toContain('# top');
    expect(out).toContain('# keep me');
    expect(out).toContain('port: 9000');
    expect(parseYaml(out).doc.toJS()).toEqual(value);
  });

  it('removes deleted keys', () => {
    const { doc } = parseYaml('a: 1\nb:\n  c: 2\n  d: 3\n');
    syncDocument(doc, { b: { d: 3 } });
    expect(doc.toJS()).toEqual({ b: { d: 3 } });
  });

  it('reports syntax errors with a line number', () => {
    const { errors } = parseYaml('a: [1,\nb: 2\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.line).toBeGreaterThan(0);
  });
});

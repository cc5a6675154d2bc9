import { describe, expect, it } from 'vitest';

import { keepRedacted, REDACTED, redactDefinition } from './redact-definition.js';

describe('redacted definitions', () => {
  it('hides literal secret values, keeps references and harmless values', () => {
    const def = redactDefinition({
      command: 'node',
      env: { GITHUB_TOKEN: 'ghp_123', REF_TOKEN: '${secret:GH}', MODE: 'fast' },
      url: 'https://user:pw@example.com/mcp',
      headers: { Authorization: 'Bearer ${secret:X}', 'X-Api-Key': 'k-123', Accept: 'json' },
    });
    expect(def.env).toEqual({ GITHUB_TOKEN: REDACTED, REF_TOKEN: '${secret:GH}', MODE: 'fast' });
    expect(def.headers).toEqual({
      Authorization: 'Bearer ${secret:X}',
      'X-Api-Key': REDACTED,
      Accept: 'json',
    });
    expect(def.url).toBe('https://user:***@example.com/mcp');
  });

  it('keeps stored values an update sends back as the placeholder', () => {
    expect(keepRedacted({ A: REDACTED, B: 'new', C: REDACTED }, { A: 'old', B: 'x' })).toEqual({
      A: 'old',
      B: 'new',
    });
  });
});

import { describe, expect, it } from 'vitest';

import { requestPath } from './request-path.js';

const viaUrl = (target: string): string => new URL(target, 'http://localhost').pathname;

describe('requestPath', () => {
  it('is what URL parsing gives, for plain paths and for the ones it must normalize', () => {
    const targets = [
      '/',
      '/mcp',
      '/mcp/',
      '/mcp/echo',
      '/mcp/my.server',
      '/mcp/a%20b',
      '/mcp/%2Fslash',
      '/api/v1/servers?limit=5',
      '/mcp?x=/../api',
      '/mcp/../api/v1/keys',
      '/mcp/./echo',
      '/mcp/%2e%2e/api',
      '/mcp/%2E/x',
      '/mcp/..',
      '/.',
      '//evil.example/mcp',
      '/mcp\\..\\api',
      '/mcp/a b',
      '/mcp/ä',
      '/mcp/<x>',
      '/mcp/x#frag',
      '/mcp//double',
      "/mcp/!$&'()*+,;=:@~-_",
      '/mcp/%zz',
      '',
    ];
    for (const target of targets) expect(requestPath(target), target).toBe(viaUrl(target || '/'));
  });

  it('treats a missing target as /', () => {
    expect(requestPath(undefined)).toBe('/');
  });
});

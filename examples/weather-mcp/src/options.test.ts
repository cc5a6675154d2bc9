import { describe, expect, it } from 'vitest';

import { parseOptions, UsageError } from './options.js';

describe('parseOptions', () => {
  it('defaults to stdio and the public Open-Meteo endpoints', () => {
    expect(parseOptions([], {})).toEqual({
      help: false,
      transport: { kind: 'stdio' },
      upstream: {
        geocodingUrl: 'https://geocoding-api.open-meteo.com',
        forecastUrl: 'https://api.open-meteo.com',
        timeoutMs: 10_000,
        retries: 2,
        cacheTtlMs: 600_000,
      },
    });
  });

  it('reads the WEATHER_* variables, treating empty as unset', () => {
    const { upstream } = parseOptions([], {
      WEATHER_GEOCODING_URL: 'http://127.0.0.1:9000',
      WEATHER_FORECAST_URL: 'http://127.0.0.1:9001/prefix',
      WEATHER_TIMEOUT_MS: '500',
      WEATHER_RETRIES: '0',
      WEATHER_CACHE_TTL_SECONDS: '',
    });
    expect(upstream).toEqual({
      geocodingUrl: 'http://127.0.0.1:9000',
      forecastUrl: 'http://127.0.0.1:9001/prefix',
      timeoutMs: 500,
      retries: 0,
      cacheTtlMs: 600_000,
    });
  });

  it.each([
    { WEATHER_GEOCODING_URL: 'ftp://example.com' },
    { WEATHER_FORECAST_URL: 'not a url' },
    { WEATHER_TIMEOUT_MS: '0' },
    { WEATHER_RETRIES: '-1' },
    { WEATHER_CACHE_TTL_SECONDS: 'soon' },
  ])('rejects %j', (env) => {
    expect(() => parseOptions([], env)).toThrow(UsageError);
  });

  it('serves HTTP with --http', () => {
    expect(parseOptions(['--http', '--port', '0'], {}).transport).toEqual({
      kind: 'http',
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startOpenMeteoFixture, type OpenMeteoFixture } from '../test/open-meteo-fixture.js';
import { WeatherErrorCode } from './errors.js';
import { OpenMeteoClient, type OpenMeteoClientOptions } from './open-meteo.js';

const BERLIN = { latitude: 52.52437, longitude: 13.41053 };

describe('OpenMeteoClient', () => {
  let fixture: OpenMeteoFixture;
  let now: number;

  const client = (overrides: Partial<OpenMeteoClientOptions> = {}) =>
    new OpenMeteoClient({
      geocodingUrl: fixture.url,
      forecastUrl: fixture.url,
      timeoutMs: 2_000,
      retries: 2,
      backoff: { baseMs: 1, maxMs: 5 },
      cacheTtlMs: 60_000,
      now: () => now,
      ...overrides,
    });

  beforeEach(async () => {
    fixture = await startOpenMeteoFixture();
    now = 0;
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('searches places and maps them to camelCase', async () => {
    const places = await client().searchPlaces('Berlin', { count: 2 });
    expect(places).toEqual([
      {
        name: 'Berlin',
        latitude: 52.52437,
        longitude: 13.41053,
        region: 'Land Berlin',
        country: 'Germany',
        countryCode: 'DE',
        timezone: 'Europe/Berlin',
        population: 3426354,
      },
      expect.objectContaining({ region: 'New Hampshire', countryCode: 'US' }),
    ]);
    const [request] = fixture.requests;
    expect(request?.path).toBe('/v1/search');
    expect(Object.fromEntries(request?.params ?? [])).toEqual({
      name: 'Berlin',
      count: '2',
      language: 'en',
      format: 'json',
    });
  });

  it('passes countryCode through and returns [] for unknown names', async () => {
    const us = await client().searchPlaces('Berlin', { count: 5, countryCode: 'US' });
    expect(us.map((p) => p.region)).toEqual(['New Hampshire', 'New Jersey']);
    expect(await client().searchPlaces('Atlantis', { count: 5 })).toEqual([]);
  });

  it('fetches a forecast of the requested length', async () => {
    const forecast = await client().forecast(BERLIN, { days: 2, units: 'metric' });
    expect(forecast).toEqual({
      timezone: 'Europe/Berlin',
      units: { temperature: '°C', windSpeed: 'km/h', precipitation: 'mm' },
      current: {
        time: '2025-01-15T12:00',
        temperature: 3.1,
        apparentTemperature: -0.6,
        humidityPercent: 81,
        windSpeed: 14.2,
        weatherCode: 3,
        description: 'Overcast',
      },
      daily: [
        {
          date: '2025-01-15',
          temperatureMin: -0.5,
          temperatureMax: 3.4,
          precipitation: 0,
          weatherCode: 3,
          description: 'Overcast',
        },
        {
          date: '2025-01-16',
          temperatureMin: 1.9,
          temperatureMax: 5.1,
          precipitation: 2.3,
          weatherCode: 61,
          description: 'Slight rain',
        },
      ],
    });
    const params = fixture.requests[0]?.params;
    expect(params?.get('current')).toBe(
      'temperature_2m,apparent_temperature,relative_humidity_2m,wind_speed_10m,weather_code',
    );
    expect(params?.get('daily')).toBe('weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum');
    expect(params?.get('timezone')).toBe('auto');
    expect(params?.get('forecast_days')).toBe('2');
  });

  it('asks for imperial units when told to', async () => {
    await client().forecast(BERLIN, { days: 1, units: 'imperial' });
    const params = fixture.requests[0]?.params;
    expect([
      params?.get('temperature_unit'),
      params?.get('wind_speed_unit'),
      params?.get('precipitation_unit'),
    ]).toEqual(['fahrenheit', 'mph', 'inch']);
  });

  it('answers repeated requests from the cache until the TTL passes', async () => {
    const weather = client();
    await weather.searchPlaces('Berlin', { count: 1 });
    await weather.searchPlaces('Berlin', { count: 1 });
    await weather.forecast(BERLIN, { days: 3, units: 'metric' });
    await weather.forecast(BERLIN, { days: 3, units: 'metric' });
    expect(fixture.count('/v1/search')).toBe(1);
    expect(fixture.count('/v1/forecast')).toBe(1);

    // Different parameters are a different cache entry.
    await weather.forecast(BERLIN, { days: 4, units: 'metric' });
    expect(fixture.count('/v1/forecast')).toBe(2);

    now += 60_000;
    await weather.searchPlaces('Berlin', { count: 1 });
    expect(fixture.count('/v1/search')).toBe(2);
  });

  it('does not cache with a TTL of 0', async () => {
    const weather = client({ cacheTtlMs: 0 });
    await weather.searchPlaces('Berlin', { count: 1 });
    await weather.searchPlaces('Berlin', { count: 1 });
    expect(fixture.count('/v1/search')).toBe(2);
  });

  it('does not cache failures', async () => {
    const weather = client({ retries: 0 });
    fixture.failNext('/v1/search', 503);
    await expect(weather.searchPlaces('Berlin', { count: 1 })).rejects.toMatchObject({
      data: { status: 503 },
    });
    await expect(weather.searchPlaces('Berlin', { count: 1 })).resolves.toHaveLength(1);
    expect(fixture.count('/v1/search')).toBe(2);
  });

  it('rejects a response of the wrong shape', async () => {
    const wrong: typeof fetch = async () => Response.json({ results: [{ name: 'Berlin' }] });
    const error = await client({ fetch: wrong })
      .searchPlaces('Berlin', { count: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: WeatherErrorCode.UpstreamInvalidResponse });
    expect((error as Error).message).toContain('latitude');
  });

  it('keeps a path prefix of the base URL', async () => {
    await client({ geocodingUrl: `${fixture.url}/proxy/` })
      .searchPlaces('Berlin', { count: 1 })
      .catch(() => undefined);
    expect(fixture.requests[0]?.path).toBe('/proxy/v1/search');
  });
});

import { readFile } from 'node:fs/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startOpenMeteoFixture, type OpenMeteoFixture } from '../test/open-meteo-fixture.js';
import { OpenMeteoClient } from './open-meteo.js';
import { createWeatherServer, SERVER_INFO } from './server.js';

/** Tool-level behaviour, with Open-Meteo played by a local fixture server (see test/). */
describe('weather server', () => {
  let fixture: OpenMeteoFixture;
  let client: Client;

  beforeEach(async () => {
    fixture = await startOpenMeteoFixture();
    const weather = new OpenMeteoClient({
      geocodingUrl: fixture.url,
      forecastUrl: fixture.url,
      timeoutMs: 300,
      retries: 2,
      backoff: { baseMs: 1, maxMs: 5 },
      cacheTtlMs: 60_000,
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createWeatherServer({ weather }).connect(serverTransport);
    client = new Client({ name: 'test', version: '0.0.0' });
    await client.connect(clientTransport);
  });

  afterEach(async () => {
    await client.close();
    await fixture.close();
  });

  /** The text parts of a tool result, joined. */
  const text = (result: Record<string, unknown>) =>
    (result.content as { text: string }[]).map((c) => c.text).join('\n');

  it('reports the name and version from package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(SERVER_INFO).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('lists two tools, both marked open-world', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.name, t.annotations?.openWorldHint])).toEqual([
      ['search_places', true],
      ['get_weather', true],
    ]);
  });

  it('gets the weather for the best match of a place name', async () => {
    const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin', days: 2 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      place: { name: 'Berlin', country: 'Germany' },
      forecast: { timezone: 'Europe/Berlin', current: { temperature: 3.1 }, daily: [{}, {}] },
    });
    expect(text(result)).toContain('Berlin, Land Berlin, Germany (52.52, 13.41)');
    expect(text(result)).toContain(
      'Now (2025-01-15T12:00 Europe/Berlin): Overcast, 3.1 °C (feels like -0.6 °C)',
    );
    expect(text(result)).toContain('2025-01-16: Slight rain, 1.9 °C to 5.1 °C, precipitation 2.3 mm');
  });

  it('narrows the place by countryCode', async () => {
    const result = await client.callTool({
      name: 'get_weather',
      arguments: { place: 'Berlin', countryCode: 'us' },
    });
    expect(result.structuredContent).toMatchObject({
      place: { region: 'New Hampshire' },
      forecast: { timezone: 'America/New_York' },
    });
  });

  it('answers an unknown place with a clear tool error', async () => {
    const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Atlantis' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'No place called "Atlantis" was found. Check the spelling, try a nearby larger town, ' +
        'or use search_places to see candidates.',
    );
    expect(fixture.count('/v1/forecast')).toBe(0);
  });

  it('lists candidate places, and says so when there are none', async () => {
    const found = await client.callTool({ name: 'search_places', arguments: { query: 'Berlin', count: 3 } });
    expect((found.structuredContent as { places: unknown[] }).places).toHaveLength(3);
    expect(text(found)).toContain('Berlin, New Jersey, United States (39.79, -74.93)');
    const none = await client.callTool({ name: 'search_places', arguments: { query: 'Atlantis' } });
    expect(none.isError).toBeFalsy();
    expect(none.structuredContent).toEqual({ places: [] });
    expect(text(none)).toBe('No place matches "Atlantis".');
  });

  it('retries through two 503s and succeeds', async () => {
    fixture.failNext('/v1/forecast', 503, 503);
    const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin' } });
    expect(result.isError).toBeFalsy();
    expect(fixture.count('/v1/forecast')).toBe(3);
  });

  it('serves a repeated question from the cache', async () => {
    await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin' } });
    const again = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin' } });
    expect(again.isError).toBeFalsy();
    expect(fixture.requests).toHaveLength(2); // one geocoding, one forecast
  });

  it('turns a timeout into a tool error suggesting to try again', async () => {
    fixture.delay(1_000);
    const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/did not answer within 300 ms\. Try again later\.$/);
  });

  it('turns a persistent outage into a tool error after the retries', async () => {
    fixture.failNext('/v1/search', 503, 503, 503);
    const result = await client.callTool({ name: 'search_places', arguments: { query: 'Berlin' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('HTTP 503');
    expect(text(result)).toContain('(attempt 3 of 3)');
  });

  it('does not retry a rejected request', async () => {
    fixture.failNext('/v1/forecast', 400);
    const result = await client.callTool({ name: 'get_weather', arguments: { place: 'Berlin' } });
    expect(result.isError).toBe(true);
    expect(text(result)).not.toContain('Try again later');
    expect(fixture.count('/v1/forecast')).toBe(1);
  });

  it.each([
    [{ place: 'B' }, 'at least 2'],
    [{ place: 'Berlin', days: 17 }, 'days'],
    [{ place: 'Berlin', countryCode: 'Germany' }, 'two letters'],
    [{ place: 'Berlin', units: 'kelvin' }, 'units'],
  ])('rejects %j as a tool error mentioning %j', async (args, message) => {
    const result = await client.callTool({ name: 'get_weather', arguments: args });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(message);
    expect(fixture.requests).toHaveLength(0);
  });
});

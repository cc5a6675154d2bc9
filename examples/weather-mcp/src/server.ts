/**
 * The weather MCP server: `search_places` and `get_weather`, over an injected {@link OpenMeteoClient}.
 *
 * Failures the model can act on come back as `isError: true` tool results with a plain-language
 * reason: an unknown place, or Open-Meteo being slow, down or refusing the request.
 * @module
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { RetryableUpstreamError, WeatherError, WeatherErrorCode } from './errors.js';
import type { Forecast, OpenMeteoClient, Place } from './open-meteo.js';

/** Name and version reported in the `initialize` handshake. Kept equal to package.json (tested). */
export const SERVER_INFO = { name: 'weather-mcp', version: '0.1.0' } as const;

const placeName = z
  .string()
  .trim()
  .min(2, 'place must be at least 2 characters')
  .max(100, 'place must be at most 100 characters');

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'countryCode must be two letters, e.g. "DE"')
  .toUpperCase()
  .optional()
  .describe('ISO 3166-1 alpha-2 country code to narrow the search, e.g. "US"');

const placeSchema = z.object({
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  region: z.string().optional(),
  country: z.string().optional(),
  countryCode: z.string().optional(),
  timezone: z.string().optional(),
  population: z.number().optional(),
});

const value = z.number().nullable();
const forecastSchema = z.object({
  timezone: z.string(),
  units: z.object({ temperature: z.string(), windSpeed: z.string(), precipitation: z.string() }),
  current: z.object({
    time: z.string(),
    temperature: value,
    apparentTemperature: value,
    humidityPercent: value,
    windSpeed: value,
    weatherCode: value,
    description: z.string(),
  }),
  daily: z.array(
    z.object({
      date: z.string(),
      temperatureMin: value,
      temperatureMax: value,
      precipitation: value,
      weatherCode: value,
      description: z.string(),
    }),
  ),
});

/** A tool result the model sees as a failed call, with the reason as text. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Builds a weather server. Call once per connection; share one client so the cache is shared.
 * @example
 * await createWeatherServer({ weather: new OpenMeteoClient(options) }).connect(new StdioServerTransport());
 */
export function createWeatherServer(deps: { weather: OpenMeteoClient }): McpServer {
  const { weather } = deps;
  const server = new McpServer(SERVER_INFO, {
    instructions:
      'Weather by place name, from Open-Meteo (open-meteo.com, CC BY 4.0). If a name is ambiguous, ' +
      'call search_places first and pass a countryCode to get_weather.',
  });

  server.registerTool(
    'search_places',
    {
      title: 'Search places',
      description: 'Finds places by name (cities, towns, postal codes), best match first.',
      inputSchema: {
        query: placeName.describe('Place name or postal code'),
        countryCode,
        count: z.number().int().min(1).max(10).default(5).describe('Most places to return (default 5)'),
      },
      outputSchema: { places: z.array(placeSchema) },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ query, countryCode, count }) =>
      guard(async () => {
        const places = await weather.searchPlaces(query, { count, countryCode });
        const text = places.length > 0 ? places.map(formatPlace).join('\n') : `No place matches "${query}".`;
        return { content: [{ type: 'text', text }], structuredContent: { places } };
      }),
  );

  server.registerTool(
    'get_weather',
    {
      title: 'Get weather',
      description: 'Current conditions and a daily forecast for a place, in its local time.',
      inputSchema: {
        place: placeName.describe('Place name, e.g. "Berlin"; the best match is used'),
        countryCode,
        days: z.number().int().min(1).max(16).default(3).describe('Days of forecast, 1-16 (default 3)'),
        units: z.enum(['metric', 'imperial']).default('metric').describe('metric (°C, km/h, mm) or imperial'),
      },
      outputSchema: { place: placeSchema, forecast: forecastSchema },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ place, countryCode, days, units }) =>
      guard(async () => {
        const [match] = await weather.searchPlaces(place, { count: 1, countryCode });
        if (!match) {
          const where = countryCode ? ` in ${countryCode}` : '';
          return toolError(
            `No place called "${place}" was found${where}. Check the spelling, try a nearby larger town, ` +
              `or use search_places to see candidates.`,
          );
        }
        const forecast = await weather.forecast(match, { days, units });
        return {
          content: [{ type: 'text', text: `${formatPlace(match)}\n${formatForecast(forecast)}` }],
          structuredContent: { place: match, forecast },
        };
      }),
  );

  return server;
}

/** Turns upstream failures into tool errors; anything else is a bug and propagates. */
async function guard(fn: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof WeatherError)) throw error;
    const transient =
      error instanceof RetryableUpstreamError || error.code === WeatherErrorCode.UpstreamTimeout;
    return toolError(`Weather service error: ${error.message}.${transient ? ' Try again later.' : ''}`);
  }
}

/** `Berlin, Land Berlin, Germany (52.52, 13.41)` */
function formatPlace(place: Place): string {
  const parts = [place.name, place.region, place.country].filter((p) => p !== undefined && p !== '');
  return `${parts.join(', ')} (${place.latitude.toFixed(2)}, ${place.longitude.toFixed(2)})`;
}

function formatForecast(f: Forecast): string {
  const t = (v: number | null) => (v === null ? '?' : `${v} ${f.units.temperature}`);
  const { current: c } = f;
  const now =
    `Now (${c.time} ${f.timezone}): ${c.description}, ${t(c.temperature)} (feels like ${t(c.apparentTemperature)}), ` +
    `humidity ${c.humidityPercent ?? '?'} %, wind ${c.windSpeed ?? '?'} ${f.units.windSpeed}`;
  const days = f.daily.map(
    (d) =>
      `${d.date}: ${d.description}, ${t(d.temperatureMin)} to ${t(d.temperatureMax)}, ` +
      `precipitation ${d.precipitation ?? '?'} ${f.units.precipitation}`,
  );
  return [now, ...days].join('\n');
}

/**
 * A client for the two Open-Meteo APIs this server uses: geocoding (`/v1/search`) and forecast
 * (`/v1/forecast`). Responses are validated with zod and cached by URL.
 * @module
 */
import { z } from 'zod';

import { WeatherError, WeatherErrorCode } from './errors.js';
import { fetchJson, type BackoffOptions } from './fetch-json.js';
import { TtlCache } from './ttl-cache.js';
import { describeWeatherCode } from './weather-codes.js';

/** Public Open-Meteo endpoints; no API key is needed for non-commercial use. */
export const DEFAULT_GEOCODING_URL = 'https://geocoding-api.open-meteo.com';
export const DEFAULT_FORECAST_URL = 'https://api.open-meteo.com';

/** `metric`: °C, km/h, mm. `imperial`: °F, mph, inch. */
export type Units = 'metric' | 'imperial';

/** A geocoding match. */
export interface Place {
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  /** First-level administrative area, e.g. a state. */
  readonly region?: string;
  readonly country?: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode?: string;
  /** IANA time zone. */
  readonly timezone?: string;
  readonly population?: number;
}

/** Current conditions and a daily outlook. Values are `null` where Open-Meteo has no data. */
export interface Forecast {
  /** IANA time zone of the times below (the place's own). */
  readonly timezone: string;
  readonly units: { temperature: string; windSpeed: string; precipitation: string };
  readonly current: {
    readonly time: string;
    readonly temperature: number | null;
    readonly apparentTemperature: number | null;
    readonly humidityPercent: number | null;
    readonly windSpeed: number | null;
    readonly weatherCode: number | null;
    readonly description: string;
  };
  readonly daily: readonly {
    readonly date: string;
    readonly temperatureMin: number | null;
    readonly temperatureMax: number | null;
    readonly precipitation: number | null;
    readonly weatherCode: number | null;
    readonly description: string;
  }[];
}

/** Options of {@link OpenMeteoClient}. */
export interface OpenMeteoClientOptions {
  /** Base URL of the geocoding API; `/v1/search` is appended. */
  readonly geocodingUrl: string;
  /** Base URL of the forecast API; `/v1/forecast` is appended. */
  readonly forecastUrl: string;
  readonly timeoutMs: number;
  readonly retries: number;
  /** How long a response is reused; `0` disables the cache. */
  readonly cacheTtlMs: number;
  readonly backoff?: BackoffOptions;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Clock for the cache, in milliseconds. */
  readonly now?: () => number;
}

const num = z.number().nullable();

const geocodingSchema = z.object({
  results: z
    .array(
      z.object({
        name: z.string(),
        latitude: z.number(),
        longitude: z.number(),
        admin1: z.string().optional(),
        country: z.string().optional(),
        country_code: z.string().optional(),
        timezone: z.string().optional(),
        population: z.number().optional(),
      }),
    )
    .optional(),
});

const CURRENT = [
  'temperature_2m',
  'apparent_temperature',
  'relative_humidity_2m',
  'wind_speed_10m',
  'weather_code',
];
const DAILY = ['weather_code', 'temperature_2m_max', 'temperature_2m_min', 'precipitation_sum'];

const forecastSchema = z.object({
  timezone: z.string(),
  current_units: z.object({ temperature_2m: z.string(), wind_speed_10m: z.string() }),
  current: z.object({
    time: z.string(),
    temperature_2m: num,
    apparent_temperature: num,
    relative_humidity_2m: num,
    wind_speed_10m: num,
    weather_code: num,
  }),
  daily_units: z.object({ precipitation_sum: z.string() }),
  daily: z.object({
    time: z.array(z.string()),
    weather_code: z.array(num),
    temperature_2m_max: z.array(num),
    temperature_2m_min: z.array(num),
    precipitation_sum: z.array(num),
  }),
});

/**
 * Looks up places and forecasts. One instance should serve the whole process so the cache is shared.
 * @example
 * const weather = new OpenMeteoClient({ geocodingUrl: DEFAULT_GEOCODING_URL, forecastUrl: DEFAULT_FORECAST_URL,
 *   timeoutMs: 10_000, retries: 2, cacheTtlMs: 600_000 });
 * const [berlin] = await weather.searchPlaces('Berlin', { count: 1 });
 */
export class OpenMeteoClient {
  private readonly cache: TtlCache<unknown>;

  constructor(private readonly options: OpenMeteoClientOptions) {
    this.cache = new TtlCache({ ttlMs: options.cacheTtlMs, now: options.now });
  }

  /** Places whose name matches `name`, best match first; empty when nothing matches. */
  async searchPlaces(name: string, query: { count: number; countryCode?: string }): Promise<Place[]> {
    const url = endpoint(this.options.geocodingUrl, 'v1/search');
    url.searchParams.set('name', name);
    url.searchParams.set('count', String(query.count));
    if (query.countryCode) url.searchParams.set('countryCode', query.countryCode);
    url.searchParams.set('language', 'en');
    url.searchParams.set('format', 'json');
    const body = await this.getJson(url, geocodingSchema);
    return (body.results ?? []).map((r) => ({
      name: r.name,
      latitude: r.latitude,
      longitude: r.longitude,
      region: r.admin1,
      country: r.country,
      countryCode: r.country_code,
      timezone: r.timezone,
      population: r.population,
    }));
  }

  /** Current conditions and `days` days of forecast, in the place's local time. */
  async forecast(
    place: Pick<Place, 'latitude' | 'longitude'>,
    query: { days: number; units: Units },
  ): Promise<Forecast> {
    const url = endpoint(this.options.forecastUrl, 'v1/forecast');
    url.searchParams.set('latitude', String(place.latitude));
    url.searchParams.set('longitude', String(place.longitude));
    url.searchParams.set('current', CURRENT.join(','));
    url.searchParams.set('daily', DAILY.join(','));
    url.searchParams.set('timezone', 'auto');
    url.searchParams.set('forecast_days', String(query.days));
    if (query.units === 'imperial') {
      url.searchParams.set('temperature_unit', 'fahrenheit');
      url.searchParams.set('wind_speed_unit', 'mph');
      url.searchParams.set('precipitation_unit', 'inch');
    }
    const body = await this.getJson(url, forecastSchema);
    const { current, daily } = body;
    return {
      timezone: body.timezone,
      units: {
        temperature: body.current_units.temperature_2m,
        windSpeed: body.current_units.wind_speed_10m,
        precipitation: body.daily_units.precipitation_sum,
      },
      current: {
        time: current.time,
        temperature: current.temperature_2m,
        apparentTemperature: current.apparent_temperature,
        humidityPercent: current.relative_humidity_2m,
        windSpeed: current.wind_speed_10m,
        weatherCode: current.weather_code,
        description: describeWeatherCode(current.weather_code),
      },
      daily: daily.time.map((date, i) => ({
        date,
        temperatureMin: daily.temperature_2m_min[i] ?? null,
        temperatureMax: daily.temperature_2m_max[i] ?? null,
        precipitation: daily.precipitation_sum[i] ?? null,
        weatherCode: daily.weather_code[i] ?? null,
        description: describeWeatherCode(daily.weather_code[i] ?? null),
      })),
    };
  }

  /** Cached GET; only valid responses are cached, so failures are retried on the next call. */
  private async getJson<T>(url: URL, schema: z.ZodType<T>): Promise<T> {
    const key = url.href;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached as T;
    const parsed = schema.safeParse(await fetchJson(url, this.options));
    if (!parsed.success) {
      throw new WeatherError(
        WeatherErrorCode.UpstreamInvalidResponse,
        `${url.host} sent an unexpected response: ${z.prettifyError(parsed.error)}`,
        { url: key, issues: parsed.error.issues },
      );
    }
    this.cache.set(key, parsed.data);
    return parsed.data;
  }
}

/** `base` + `path`, keeping any path prefix of `base` (e.g. a proxy mounted at `/open-meteo`). */
function endpoint(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  url.search = '';
  return url;
}

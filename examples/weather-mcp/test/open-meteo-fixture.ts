/**
 * A stand-in for Open-Meteo on 127.0.0.1, serving responses from `test/fixtures/`.
 *
 * The real API cannot be reached from the environment these tests run in, so the fixtures are
 * written in Open-Meteo's documented response shape rather than recorded live. To refresh them
 * with real data, save the output of e.g.
 *   curl 'https://geocoding-api.open-meteo.com/v1/search?name=Berlin&count=10&language=en&format=json'
 *   curl 'https://api.open-meteo.com/v1/forecast?latitude=52.52437&longitude=13.41053&current=...&daily=...&timezone=auto&forecast_days=7'
 * over the files in `test/fixtures/`.
 *
 * Routes:
 * - `GET /v1/search?name=N[&count=C][&countryCode=CC]`: `geocoding/<n lowercased>.json`, filtered by
 *   country and cut to `count`; `geocoding/_not-found.json` when there is no such file (which is
 *   what Open-Meteo answers for an unknown name: no `results` key at all).
 * - `GET /v1/forecast?latitude=A&longitude=B[&forecast_days=D]`: `forecast/A,B.json`, daily arrays
 *   cut to D days; 400 `{"error": true, "reason": ...}` when there is no such file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** One request the fixture received. */
export interface RecordedRequest {
  readonly path: string;
  readonly params: URLSearchParams;
}

/** A running fixture server. */
export interface OpenMeteoFixture {
  /** Base URL to use for both WEATHER_GEOCODING_URL and WEATHER_FORECAST_URL. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests received for one path, e.g. `/v1/search`. */
  count(path: string): number;
  /** Answer the next requests to `path` with these statuses (e.g. 503, 503), then normally. */
  failNext(path: string, ...statuses: number[]): void;
  /** Wait this long before answering any request. */
  delay(ms: number): void;
  close(): Promise<void>;
}

/** Starts the fixture on a free port of 127.0.0.1. */
export async function startOpenMeteoFixture(): Promise<OpenMeteoFixture> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, number[]>();
  let delayMs = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    requests.push({ path: url.pathname, params: url.searchParams });
    const planned = failures.get(url.pathname)?.shift();
    setTimeout(() => {
      if (res.destroyed) return;
      if (planned !== undefined) return sendJson(res, planned, { error: true, reason: `planned ${planned}` });
      route(url).then(
        ({ status, body }) => sendJson(res, status, body),
        (error: unknown) => sendJson(res, 500, { error: true, reason: String(error) }),
      );
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    failNext: (path, ...statuses) => failures.set(path, [...(failures.get(path) ?? []), ...statuses]),
    delay: (ms) => void (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(url: URL): Promise<{ status: number; body: unknown }> {
  const q = url.searchParams;
  if (url.pathname === '/v1/search') {
    const file = fixture(`geocoding/${(q.get('name') ?? '').toLowerCase()}.json`);
    const body = (await readJson(file ?? new URL('geocoding/_not-found.json', FIXTURES))) as {
      results?: { country_code: string }[];
    };
    const country = q.get('countryCode');
    const results = (body.results ?? [])
      .filter((r) => country === null || r.country_code === country)
      .slice(0, Number(q.get('count') ?? 10));
    return { status: 200, body: results.length > 0 ? { ...body, results } : { generationtime_ms: 0.5 } };
  }
  if (url.pathname === '/v1/forecast') {
    const file = fixture(`forecast/${q.get('latitude')},${q.get('longitude')}.json`);
    if (!file) return { status: 400, body: { error: true, reason: `no fixture for ${url.search}` } };
    const body = (await readJson(file)) as { daily: Record<string, unknown[]> };
    const days = Number(q.get('forecast_days') ?? 7);
    const daily = Object.fromEntries(Object.entries(body.daily).map(([k, v]) => [k, v.slice(0, days)]));
    return { status: 200, body: { ...body, daily } };
  }
  return { status: 404, body: { error: true, reason: 'Not Found' } };
}

/** The fixture file's URL, or `undefined` if there is none (names never leave the folder). */
function fixture(name: string): URL | undefined {
  if (name.includes('..')) return undefined;
  const url = new URL(name, FIXTURES);
  return existsSync(url) ? url : undefined;
}

async function readJson(url: URL): Promise<unknown> {
  return JSON.parse(await readFile(url, 'utf8'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

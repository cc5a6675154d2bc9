import { createServer } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startOpenMeteoFixture, type OpenMeteoFixture } from '../test/open-meteo-fixture.js';
import { RetryableUpstreamError, WeatherError, WeatherErrorCode } from './errors.js';
import { backoffDelay, fetchJson, type FetchJsonOptions } from './fetch-json.js';

const fast: FetchJsonOptions = { timeoutMs: 2_000, retries: 2, backoff: { baseMs: 1, maxMs: 5 } };

describe('backoffDelay', () => {
  it('doubles from baseMs, caps at maxMs, and applies jitter in [0.5, 1)', () => {
    const backoff = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, backoff, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(1, backoff, () => 0)).toBe(50);
  });
});

describe('fetchJson against the fixture', () => {
  let fixture: OpenMeteoFixture;
  const searchUrl = () => new URL('/v1/search?name=berlin&count=1', fixture.url);

  beforeEach(async () => {
    fixture = await startOpenMeteoFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('retries 5xx with backoff and returns the eventual success', async () => {
    fixture.failNext('/v1/search', 503, 503);
    const delays: number[] = [];
    const body = await fetchJson(searchUrl(), {
      ...fast,
      sleep: async (ms) => void delays.push(ms),
      random: () => 0,
    });
    expect(body).toMatchObject({ results: [{ name: 'Berlin' }] });
    expect(fixture.count('/v1/search')).toBe(3);
    expect(delays).toEqual([1, 1]); // 1 ms and 2 ms, halved by jitter 0, rounded
  });

  it('gives up after the last retry with a retryable error', async () => {
    fixture.failNext('/v1/search', 500, 502, 503);
    const error = await fetchJson(searchUrl(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableUpstreamError);
    expect(error).toMatchObject({ code: WeatherErrorCode.UpstreamStatus, data: { status: 503, attempt: 3 } });
    expect((error as Error).message).toContain('HTTP 503: planned 503 (attempt 3 of 3)');
    expect(fixture.count('/v1/search')).toBe(3);
  });

  it('does not retry 4xx, 429 included', async () => {
    fixture.failNext('/v1/search', 429);
    const error = await fetchJson(searchUrl(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeatherError);
    expect(error).not.toBeInstanceOf(RetryableUpstreamError);
    expect(error).toMatchObject({ data: { status: 429 } });
    expect(fixture.count('/v1/search')).toBe(1);
  });

  it('times out a slow answer and does not retry it', async () => {
    fixture.delay(1_000);
    const started = Date.now();
    const error = await fetchJson(searchUrl(), { ...fast, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: WeatherErrorCode.UpstreamTimeout, data: { timeoutMs: 100 } });
    expect(Date.now() - started).toBeLessThan(900);
    expect(fixture.count('/v1/search')).toBe(1);
  });
});

describe('fetchJson without a server', () => {
  it('retries a refused connection, then reports it', async () => {
    // Reserve a free port, then close it so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));

    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const error = await fetchJson(new URL(`http://127.0.0.1:${port}/v1/search`), {
      ...fast,
      fetch: counting,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableUpstreamError);
    expect(error).toMatchObject({ code: WeatherErrorCode.UpstreamUnreachable });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(calls).toBe(3);
  });

  it('reports a body that is not JSON without retrying', async () => {
    let calls = 0;
    const html: typeof fetch = async () => {
      calls++;
      return new Response('<html>maintenance</html>', { status: 200 });
    };
    const error = await fetchJson(new URL('http://upstream.test/v1/search'), { ...fast, fetch: html }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: WeatherErrorCode.UpstreamInvalidResponse });
    expect(calls).toBe(1);
  });
});

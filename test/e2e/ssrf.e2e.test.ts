/**
 * The outbound guard as a user meets it: a remote server pointing at a cloud metadata address or a private
 * network is refused with the reason, before any connection; `security.allowPrivateNetworks` lifts the
 * private-range rule (the metadata rule stays).
 */
import { describe, expect, it } from 'vitest';

import { runCli, tempHome } from './cli-harness.js';

interface TestResult {
  ok: boolean;
  error: string | null;
}

describe('SSRF guard', () => {
  it('refuses metadata and private addresses for remote servers', async () => {
    const home = await tempHome();
    await runCli(['server', 'add', 'meta', '--url', 'http://169.254.169.254/latest/mcp'], { home });
    await runCli(['server', 'add', 'lan', '--url', 'http://10.255.255.1:9/mcp'], { home });
    const meta = (await runCli(['transport', 'test', 'meta', '--json'], { home })).json<TestResult>();
    expect(meta).toMatchObject({
      ok: false,
      error: expect.stringMatching(/169\.254\.169\.254 is a cloud metadata endpoint/),
    });
    const lan = (await runCli(['transport', 'test', 'lan', '--json'], { home })).json<TestResult>();
    expect(lan.error).toMatch(/10\.255\.255\.1 is in a private network range/);

    await runCli(['config', 'set', 'security.allowPrivateNetworks', 'true'], { home });
    const allowed = (
      await runCli(['transport', 'test', 'lan', '--timeout', '1500', '--json'], { home })
    ).json<TestResult>();
    expect(allowed.error).not.toMatch(/private network range/); // now it is tried (and fails to connect)
    const still = (await runCli(['transport', 'test', 'meta', '--json'], { home })).json<TestResult>();
    expect(still.error).toMatch(/metadata/);
  }, 30_000);
});

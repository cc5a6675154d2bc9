import { describe, expect, it } from 'vitest';

import { PlatformMetrics } from './metrics.js';

describe('PlatformMetrics', () => {
  it('exposes request counters, latency histograms, sessions and upstream gauges in Prometheus text', async () => {
    const servers = [
      { name: 'echo', state: 'running', restarts: 2, tools: 3, rssBytes: 1000 },
      { name: 'dead', state: 'crash-loop', restarts: 5, tools: null, rssBytes: null },
    ];
    const m = new PlatformMetrics({
      defaultMetrics: false,
      sample: () => servers,
      sessions: () => ({ '/mcp': 3 }),
    });
    m.observe('echo', 'tools/call', 'reverse', 0.002, true);
    m.observe('echo', 'tools/call', 'reverse', 0.004, false);
    const { body, contentType } = await m.render();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('mcp_gateway_requests_total{server="echo",tool="reverse",method="tools/call"} 2');
    expect(body).toContain('mcp_gateway_errors_total{server="echo",tool="reverse",method="tools/call"} 1');
    expect(body).toContain(
      'mcp_gateway_request_duration_seconds_count{server="echo",tool="reverse",method="tools/call"} 2',
    );
    expect(body).toContain('mcp_gateway_sessions{endpoint="/mcp"} 3');
    expect(body).toContain('mcp_upstream_state{server="echo",state="running"} 1');
    expect(body).toContain('mcp_upstream_state{server="dead",state="crash-loop"} 1');
    expect(body).toContain('mcp_upstream_state{server="dead",state="running"} 0');
    expect(body).toContain('mcp_upstream_restarts{server="dead"} 5');
    expect(body).toContain('mcp_upstream_tools{server="echo"} 3');
    expect(body).not.toContain('mcp_upstream_tools{server="dead"}');
    servers.pop();
    const after = (await m.render()).body;
    expect(after).not.toContain('server="dead"');
  });
});

describe('PlatformMetrics default metrics', () => {
  it("includes Node's process metrics, collected from the first scrape on", async () => {
    const m = new PlatformMetrics();
    const { body } = await m.render();
    expect(body).toMatch(/^mcp_platform_process_process_cpu_user_seconds_total \d/m);
    expect(body).toContain('mcp_platform_process_nodejs_eventloop_lag_seconds');
    expect(await m.registry()).toBe(await m.registry());
  });
});

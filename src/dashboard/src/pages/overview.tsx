/**
 * Overview: every server with its live state (event stream), uptime, restarts, CPU, RSS and tools; the
 * gateway's sessions; charts of calls/s, error rate and p50/p95 latency over the last 15 minutes.
 * @module
 */
import { useCallback } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { ErrorBox, StateBadge } from '../components/bits.js';
import { LineChart } from '../components/line-chart.js';
import { bytes, duration, num, percent } from '../lib/format.js';
import { useEvents } from '../lib/events.js';
import { useApi } from '../lib/hooks.js';
import { linkClick } from '../lib/router.js';
import type { GatewaySession, MetricSummary, PlatformStatus } from '../lib/types.js';

/** The overview page. */
export function OverviewPage(_: PageProps) {
  const status = useApi<PlatformStatus>('/api/v1/status', 5000);
  const metrics = useApi<MetricSummary>('/api/v1/metrics/summary?window=900&step=15', 5000);
  const sessions = useApi<GatewaySession[]>('/api/v1/sessions', 10_000);
  const reloadStatus = status.reload;
  const reloadSessions = sessions.reload;
  useEvents(
    ['server.state'],
    useCallback(() => void reloadStatus(), [reloadStatus]),
  );
  useEvents(
    ['session.opened', 'session.closed'],
    useCallback(() => void reloadSessions(), [reloadSessions]),
  );
  const s = status.data;
  const m = metrics.data;
  const last = m?.points.slice(-4) ?? [];
  const recentRate = last.length ? last.reduce((a, p) => a + p.rate, 0) / last.length : null;
  const times = m?.points.map((p) => p.t) ?? [];
  return (
    <>
      <h1>Overview</h1>
      <ErrorBox error={status.error} />
      <div class="cards" aria-label="Summary">
        <div class="card">
          <div class="label">Servers running</div>
          <div class="value">
            {s ? `${s.servers.filter((x) => x.state === 'running').length}/${s.servers.length}` : '—'}
          </div>
        </div>
        <div class="card">
          <div class="label">Health</div>
          <div class="value">{s?.health ?? '—'}</div>
        </div>
        <div class="card">
          <div class="label">Sessions</div>
          <div class="value">{sessions.data?.length ?? '—'}</div>
        </div>
        <div class="card">
          <div class="label">Calls/s (1 min)</div>
          <div class="value">{num(recentRate, 2)}</div>
        </div>
        <div class="card">
          <div class="label">Error rate (15 min)</div>
          <div class="value">{percent(m?.total.errorRate)}</div>
        </div>
        <div class="card">
          <div class="label">p95 latency (15 min)</div>
          <div class="value">{num(m?.total.p95Ms, 1, ' ms')}</div>
        </div>
      </div>

      <h2>Servers</h2>
      <div class="panel table-wrap">
        <table aria-label="Servers">
          <thead>
            <tr>
              <th>Server</th>
              <th>State</th>
              <th>Uptime</th>
              <th>Restarts</th>
              <th>CPU</th>
              <th>RSS</th>
              <th>Tools</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {(s?.servers ?? []).map((x) => (
              <tr key={x.name} data-server={x.name}>
                <td>
                  <a href={`/servers/${encodeURIComponent(x.name)}`} onClick={linkClick}>
                    {x.name}
                  </a>{' '}
                  <span class="tag">{x.transport}</span>
                </td>
                <td>
                  <StateBadge state={x.state} />
                </td>
                <td>{duration(x.uptimeMs)}</td>
                <td>{x.restarts}</td>
                <td>{num(x.cpu, 1, ' %')}</td>
                <td>{bytes(x.rssBytes)}</td>
                <td>{x.tools ?? '—'}</td>
                <td class="muted">{x.lastError?.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Traffic (last 15 minutes)</h2>
      <ErrorBox error={metrics.error} />
      <div class="grid-2">
        <LineChart
          title="Calls per second"
          times={times}
          series={[{ name: 'calls/s', color: '#5eb0ff', values: m?.points.map((p) => p.rate) ?? [] }]}
          format={(v) => num(v, 2)}
        />
        <LineChart
          title="Error rate"
          times={times}
          series={[
            {
              name: 'errors',
              color: '#f85149',
              values: m?.points.map((p) => (p.calls ? p.errorRate * 100 : null)) ?? [],
            },
          ]}
          format={(v) => `${num(v, 1)}%`}
        />
        <LineChart
          title="Latency"
          times={times}
          series={[
            { name: 'p50', color: '#3fb950', values: m?.points.map((p) => p.p50Ms) ?? [] },
            { name: 'p95', color: '#a98bff', values: m?.points.map((p) => p.p95Ms) ?? [] },
          ]}
          format={(v) => `${num(v, 1)} ms`}
        />
      </div>

      <h2>Gateway sessions</h2>
      <div class="panel table-wrap">
        {sessions.data?.length === 0 ? (
          <p class="muted">No client is connected. See Clients to connect one.</p>
        ) : (
          <table aria-label="Sessions">
            <thead>
              <tr>
                <th>Session</th>
                <th>Client</th>
                <th>Transport</th>
                <th>Key</th>
                <th>Servers</th>
                <th>Open for</th>
                <th>Idle</th>
              </tr>
            </thead>
            <tbody>
              {(sessions.data ?? []).map((x) => (
                <tr key={x.id}>
                  <td>
                    <code>{x.id}…</code>
                  </td>
                  <td>{x.client ? `${x.client.name} ${x.client.version}` : '—'}</td>
                  <td>{x.transport}</td>
                  <td>{x.key ?? 'control token'}</td>
                  <td>{x.servers.join(', ')}</td>
                  <td>{duration(Date.now() - x.openedAt)}</td>
                  <td>{duration(Date.now() - x.lastActive)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

/**
 * Servers: every definition with its live state and start/stop/restart; one server's details (status,
 * error, configuration, live log tail); adding a server by command or URL.
 * @module
 */
import { useCallback, useState } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { AddServerForm } from '../components/add-server-form.js';
import { ErrorBox, PageHead, StateBadge } from '../components/bits.js';
import { ControlButtons } from '../components/control-buttons.js';
import { ServerDetail } from '../components/server-detail.js';
import { useEvents } from '../lib/events.js';
import { duration } from '../lib/format.js';
import { useApi } from '../lib/hooks.js';
import { linkClick, navigate } from '../lib/router.js';
import type { ServerRow } from '../lib/types.js';

/** The servers page. */
export function ServersPage({ session, rest }: PageProps) {
  const servers = useApi<ServerRow[]>('/api/v1/servers', 5000);
  const [adding, setAdding] = useState(false);
  const admin = session.scopes.includes('admin');
  const reload = servers.reload;
  useEvents(
    ['server.state'],
    useCallback(() => void reload(), [reload]),
  );
  const selected = rest || undefined;
  return (
    <>
      <PageHead title="Servers">
        {admin && (
          <button type="button" class="primary" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
            {adding ? 'Close' : 'Add server'}
          </button>
        )}
      </PageHead>
      {adding && (
        <AddServerForm
          onAdded={(name) => {
            setAdding(false);
            void reload();
            navigate(`/servers/${encodeURIComponent(name)}`);
          }}
        />
      )}
      <ErrorBox error={servers.error} />
      <div class="panel table-wrap">
        <table aria-label="Server definitions">
          <thead>
            <tr>
              <th>Server</th>
              <th>State</th>
              <th>Uptime</th>
              <th>Restarts</th>
              <th>Command / URL</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {(servers.data ?? []).map((s) => {
              const state = s.status?.state ?? (s.enabled ? 'not in profile' : 'disabled');
              return (
                <tr key={s.name} data-server={s.name} class={selected === s.name ? 'selected' : ''}>
                  <td>
                    <a href={`/servers/${encodeURIComponent(s.name)}`} onClick={linkClick}>
                      {s.name}
                    </a>
                    {s.description && <div class="muted">{s.description}</div>}
                  </td>
                  <td>
                    <StateBadge state={state} />
                    {s.status?.lastError && s.status.state !== 'running' && (
                      <div class="muted" style={{ maxWidth: '22rem' }}>
                        {s.status.lastError.message}
                      </div>
                    )}
                  </td>
                  <td>{duration(s.status?.uptimeMs)}</td>
                  <td>{s.status?.restarts ?? '—'}</td>
                  <td>
                    <code>{s.target}</code>
                  </td>
                  <td>
                    {s.running && admin ? (
                      <ControlButtons name={s.name} state={state} onDone={() => void reload()} />
                    ) : (
                      <span class="muted">{s.running ? '' : 'not running here'}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {selected && (
        <ServerDetail
          key={selected}
          name={selected}
          admin={admin}
          row={servers.data?.find((s) => s.name === selected)}
          onChanged={() => void reload()}
        />
      )}
    </>
  );
}

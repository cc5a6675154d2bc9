/**
 * One server: status, why it is not running, its configuration (secret values hidden), enable/disable and
 * remove, and a live tail of its log (the NDJSON follow stream).
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';

import { api, errorText, streamLines } from '../lib/api.js';
import { bytes, clock, duration, num } from '../lib/format.js';
import { useAction, useApi } from '../lib/hooks.js';
import { navigate } from '../lib/router.js';
import type { ServerRow } from '../lib/types.js';

import { ErrorBox, StateBadge } from './bits.js';
import { ControlButtons } from './control-buttons.js';

/** Props of {@link ServerDetail}. */
export interface ServerDetailProps {
  name: string;
  admin: boolean;
  row: ServerRow | undefined;
  onChanged: () => void;
}

const MAX_LINES = 500;

/** The live log tail. */
function LogTail({ name }: { name: string }) {
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [follow, setFollow] = useState(true);
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const ac = new AbortController();
    setLines([]);
    setError(undefined);
    const path = `/api/v1/servers/${encodeURIComponent(name)}/logs?n=200&follow=${follow ? 1 : 0}`;
    const done = follow
      ? streamLines<{ line: string }>(
          'GET',
          path,
          undefined,
          (item) => setLines((l) => [...l, item.line].slice(-MAX_LINES)),
          ac.signal,
        )
      : api<{ lines: string[] }>('GET', path).then((r) => setLines(r.lines));
    done.catch((err: unknown) => {
      if (!ac.signal.aborted) setError(errorText(err));
    });
    return () => ac.abort();
  }, [name, follow]);
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [lines]);
  return (
    <section aria-label={`Log of ${name}`}>
      <div class="actions" style={{ justifyContent: 'space-between' }}>
        <h3>Log</h3>
        <label class="inline">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => setFollow((e.currentTarget as HTMLInputElement).checked)}
          />
          Follow
        </label>
      </div>
      {error && <div class="error-box">{error}</div>}
      <pre class="log" ref={pre} tabIndex={0} aria-live="off" data-testid="log">
        {lines.join('\n') || '(no output yet)'}
      </pre>
    </section>
  );
}

/** The detail panel. */
export function ServerDetail({ name, admin, row, onChanged }: ServerDetailProps) {
  const config = useApi<{ definition: Record<string, unknown>; profiles: string[] }>(
    `/api/v1/servers/${encodeURIComponent(name)}/config`,
  );
  const action = useAction();
  const s = row?.status;
  const change = (verb: 'enable' | 'disable'): void =>
    void action.run(async () => {
      await api('POST', `/api/v1/servers/${encodeURIComponent(name)}/${verb}`);
      onChanged();
      await config.reload();
    });
  const remove = (): void => {
    if (!confirm(`Remove server "${name}" from config.yaml and every profile?`)) return;
    void action.run(async () => {
      await api('DELETE', `/api/v1/servers/${encodeURIComponent(name)}`);
      onChanged();
      navigate('/servers');
    });
  };
  return (
    <section class="panel" style={{ marginTop: '1rem' }} aria-label={`Server ${name}`}>
      <div class="actions" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>
          {name} {s && <StateBadge state={s.state} />}
        </h2>
        {admin && (
          <div class="actions">
            {s && <ControlButtons name={name} state={s.state} onDone={onChanged} />}
            {row && (
              <button
                type="button"
                onClick={() => change(row.enabled ? 'disable' : 'enable')}
                disabled={action.busy}
              >
                {row.enabled ? 'Disable' : 'Enable'}
              </button>
            )}
            <button type="button" class="danger" onClick={remove} disabled={action.busy}>
              Remove
            </button>
          </div>
        )}
      </div>
      <ErrorBox error={action.error} />
      {s && s.state !== 'running' && s.lastError && (
        <div class="error-box" role="alert" data-testid="server-error">
          <strong>{s.lastError.code ?? 'error'}:</strong> {s.lastError.message}
          {s.nextRestartAt && <div>next restart attempt at {clock(s.nextRestartAt)}</div>}
        </div>
      )}
      {s && (
        <div class="cards" style={{ marginTop: '0.75rem' }}>
          <div class="card">
            <div class="label">PID</div>
            <div class="value">{s.pid ?? '—'}</div>
          </div>
          <div class="card">
            <div class="label">Uptime</div>
            <div class="value">{duration(s.uptimeMs)}</div>
          </div>
          <div class="card">
            <div class="label">Restarts</div>
            <div class="value">{s.restarts}</div>
          </div>
          <div class="card">
            <div class="label">CPU</div>
            <div class="value">{num(s.cpu, 1, ' %')}</div>
          </div>
          <div class="card">
            <div class="label">RSS</div>
            <div class="value">{bytes(s.rssBytes)}</div>
          </div>
          <div class="card">
            <div class="label">Tools</div>
            <div class="value">{s.tools ?? '—'}</div>
          </div>
        </div>
      )}
      <h3>Configuration</h3>
      <ErrorBox error={config.error} />
      {config.data && (
        <>
          <p class="muted">Profiles: {config.data.profiles.join(', ') || 'none'}</p>
          <pre>{JSON.stringify(config.data.definition, null, 2)}</pre>
        </>
      )}
      {s ? <LogTail name={name} /> : <p class="muted">Not part of the running profile: no log here.</p>}
    </section>
  );
}

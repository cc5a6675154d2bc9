/**
 * Backups: the archives of config, secrets and state; create one now. Restoring stays a CLI step
 * (`mcp backup restore <id>`), because it replaces the state under the running platform.
 * @module
 */
import type { PageProps } from '../app.js';
import { ErrorBox } from '../components/bits.js';
import { api } from '../lib/api.js';
import { bytes } from '../lib/format.js';
import { useAction, useApi } from '../lib/hooks.js';
import type { Backup } from '../lib/types.js';

/** The backups page. */
export function BackupsPage({ session }: PageProps) {
  const admin = session.scopes.includes('admin');
  const list = useApi<Backup[]>(admin ? '/api/v1/backups' : null);
  const action = useAction();
  if (!admin) return <p class="muted">Backups need the admin scope.</p>;
  return (
    <>
      <div class="actions" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Backups</h1>
        <button
          type="button"
          class="primary"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              await api('POST', '/api/v1/backups', { reason: 'dashboard' });
              await list.reload();
            })
          }
        >
          {action.busy ? 'Creating…' : 'Create backup'}
        </button>
      </div>
      <p class="muted">
        Restore one with <code>mcp backup restore &lt;id&gt;</code>: it is verified first, and the state it
        replaces is kept as another backup.
      </p>
      <ErrorBox error={action.error ?? list.error} />
      <div class="panel table-wrap">
        <table aria-label="Backups">
          <thead>
            <tr>
              <th>ID</th>
              <th>Created</th>
              <th>Reason</th>
              <th>Size</th>
              <th>Files</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((b) => (
              <tr key={b.id}>
                <td>
                  <code>{b.id}</code>
                </td>
                <td>{new Date(b.createdAt).toLocaleString()}</td>
                <td>{b.reason}</td>
                <td>{bytes(b.sizeBytes)}</td>
                <td>{b.files}</td>
                <td>
                  {b.error ? (
                    <span class="badge bad">unreadable: {b.error}</span>
                  ) : (
                    <span class="badge ok">ok</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.length === 0 && <p class="muted">No backups yet.</p>}
      </div>
    </>
  );
}

/**
 * API keys: list (never their values), create (shown once), revoke.
 * @module
 */
import { useState } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { CopyButton, ErrorBox } from '../components/bits.js';
import { api } from '../lib/api.js';
import { useAction, useApi } from '../lib/hooks.js';
import type { ApiKey } from '../lib/types.js';

const SCOPES = ['mcp', 'read', 'admin'] as const;

/** The keys page. */
export function KeysPage({ session }: PageProps) {
  const admin = session.scopes.includes('admin');
  const keys = useApi<ApiKey[]>(admin ? '/api/v1/keys' : null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['mcp']);
  const [tools, setTools] = useState('');
  const [created, setCreated] = useState<{ key: string; name: string } | undefined>(undefined);
  const action = useAction();
  if (!admin) return <p class="muted">Keys need the admin scope.</p>;
  const create = (e: Event): void => {
    e.preventDefault();
    void action.run(async () => {
      const r = await api<{ key: string; name: string }>('POST', '/api/v1/keys', {
        name,
        scopes,
        tools: tools.split(/[\s,]+/).filter(Boolean),
      });
      setCreated(r);
      setName('');
      await keys.reload();
    });
  };
  const revoke = (k: ApiKey): void => {
    if (!confirm(`Revoke key "${k.name}"? Clients using it are refused from then on.`)) return;
    void action.run(async () => {
      await api('DELETE', `/api/v1/keys/${encodeURIComponent(k.id)}`);
      await keys.reload();
    });
  };
  return (
    <>
      <h1>API keys</h1>
      <form class="panel" onSubmit={create} aria-label="Create a key">
        <div class="row">
          <div>
            <label for="key-name">Name</label>
            <input
              id="key-name"
              required
              value={name}
              onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div>
            <label for="key-tools">Tools (globs, optional)</label>
            <input
              id="key-tools"
              placeholder="github__* echo__echo"
              value={tools}
              onInput={(e) => setTools((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        </div>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} class="inline">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) =>
                  setScopes((x) =>
                    (e.currentTarget as HTMLInputElement).checked ? [...x, s] : x.filter((y) => y !== s),
                  )
                }
              />
              {s}
            </label>
          ))}
        </fieldset>
        <button class="primary" type="submit" disabled={action.busy || !name || scopes.length === 0}>
          Create key
        </button>
      </form>
      {created && (
        <div class="ok-box" role="status">
          Key <strong>{created.name}</strong> — store it now, it is not shown again:
          <pre data-testid="new-key">{created.key}</pre>
          <CopyButton text={created.key} />
        </div>
      )}
      <ErrorBox error={action.error ?? keys.error} />
      <div class="panel table-wrap" style={{ marginTop: '1rem' }}>
        <table aria-label="Keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scopes</th>
              <th>Tools</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(keys.data ?? []).map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{k.tools.join(' ') || 'all'}</td>
                <td>{new Date(k.createdAt).toLocaleString()}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>
                  {k.revoked ? (
                    <span class="badge muted">revoked</span>
                  ) : (
                    <button
                      type="button"
                      class="danger"
                      onClick={() => revoke(k)}
                      aria-label={`Revoke ${k.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * Clients: each AI client's configuration file and status; the entry to paste (copy to clipboard, with a
 * placeholder or a new key of its own); connect, disconnect and test the connection.
 * @module
 */
import { useState } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { CopyButton, ErrorBox, OkBox } from '../components/bits.js';
import { api } from '../lib/api.js';
import { useAction, useApi } from '../lib/hooks.js';
import type { ClientStatus } from '../lib/types.js';

interface Snippet {
  client: string;
  file: string | null;
  snippet: string;
  notes: string[];
}

interface TestResult {
  ok: boolean;
  via: string | null;
  tools: number | null;
  durationMs: number;
  error: string | null;
}

function ClientPanel({
  client,
  admin,
  onChanged,
}: {
  client: ClientStatus;
  admin: boolean;
  onChanged: () => void;
}) {
  const snippet = useApi<Snippet>(`/api/v1/clients/${client.client}/snippet`);
  const [keyed, setKeyed] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [test, setTest] = useState<TestResult | undefined>(undefined);
  const action = useAction();
  // Connect, disconnect and test act on this panel's entry: its scope, and its project for project scope.
  const place = {
    scope: client.scope,
    ...(client.scope === 'project' && client.project ? { project: client.project } : {}),
  };
  const post = <T,>(verb: string, body: unknown = place): Promise<T> =>
    api<T>('POST', `/api/v1/clients/${client.client}/${verb}`, body);
  const title = client.scope === 'project' ? `${client.label} (project)` : client.label;
  return (
    <section class="panel" aria-label={title} data-client={client.client} data-scope={client.scope}>
      <div class="actions" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>{title}</h2>
        <span
          class={`badge ${client.status === 'connected' ? 'ok' : client.status === 'modified' ? 'warn' : 'muted'}`}
        >
          {client.status}
        </span>
      </div>
      <p class="muted">
        {client.file ? <code>{client.file}</code> : 'no config file (settings to enter by hand)'}
        {client.installed ? '' : ' — not installed here'}
        {client.keyName ? (
          <>
            {' — key '}
            <code>{client.keyName}</code>
          </>
        ) : (
          ''
        )}
      </p>
      <ErrorBox error={snippet.error} />
      {snippet.data && (
        <>
          <pre data-testid="snippet">{keyed ?? snippet.data.snippet}</pre>
          <div class="actions">
            <CopyButton text={keyed ?? snippet.data.snippet} label="Copy config" />
            {admin && !keyed && (
              <button
                type="button"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => setKeyed((await post<{ snippet: string }>('snippet')).snippet))
                }
              >
                With a new key
              </button>
            )}
          </div>
          {keyed && <p class="muted">This key is shown only now: copy it into the client.</p>}
          {snippet.data.notes.map((n) => (
            <p key={n} class="muted">
              {n}
            </p>
          ))}
        </>
      )}
      {admin && client.file && (
        <div class="actions" style={{ marginTop: '0.5rem' }}>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const r = await post<{ file: string; backup: string | null }>('connect');
                setMessage(`Wrote ${r.file}${r.backup ? ` (previous file kept as ${r.backup})` : ''}`);
                onChanged();
              })
            }
          >
            Connect
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const r = await post<{ removed: boolean; file: string }>('disconnect');
                setMessage(r.removed ? `Removed the entry from ${r.file}` : `No entry in ${r.file}`);
                onChanged();
              })
            }
          >
            Disconnect
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() => void action.run(async () => setTest(await post<TestResult>('test')))}
          >
            Test connection
          </button>
        </div>
      )}
      <ErrorBox error={action.error} />
      {message && <OkBox>{message}</OkBox>}
      {test &&
        (test.ok ? (
          <OkBox>
            Connected over {test.via}: {test.tools} tools in {test.durationMs} ms.
          </OkBox>
        ) : (
          <div class="error-box" role="alert">
            {test.error}
          </div>
        ))}
    </section>
  );
}

/** The clients page. */
export function ClientsPage({ session }: PageProps) {
  const clients = useApi<ClientStatus[]>('/api/v1/clients');
  const admin = session.scopes.includes('admin');
  return (
    <>
      <h1>Clients</h1>
      <p class="muted">
        Connect writes the gateway entry into the client's own config file (backed up first, everything else
        left as it was) with a key of its own; disconnect removes it and revokes that key. Each scope of a
        client (its user file, the project file of each project) has its own entry and key.
      </p>
      <ErrorBox error={clients.error} />
      <div class="grid-2">
        {(clients.data ?? []).map((c) => (
          <ClientPanel
            key={`${c.client}:${c.file ?? ''}`}
            client={c}
            admin={admin}
            onChanged={() => void clients.reload()}
          />
        ))}
      </div>
    </>
  );
}

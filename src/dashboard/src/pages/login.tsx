/**
 * Login: an API key (scope read or admin) exchanged for an HttpOnly session cookie.
 * @module
 */
import { useState } from 'preact/hooks';

import { ErrorBox } from '../components/bits.js';
import { api } from '../lib/api.js';
import type { Session } from '../lib/types.js';

/** The login page. */
export function LoginPage({ onLogin }: { onLogin: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await api<Session>('POST', '/api/v1/auth/login', { key }));
      setKey('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login panel" id="main">
      <h1>MCP Platform</h1>
      <p class="muted">
        Log in with an API key that has the <code>admin</code> or <code>read</code> scope. Create one with{' '}
        <code>mcp key create --name dashboard --scope admin</code>.
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="login-key">API key</label>
        <input
          id="login-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
          autoFocus
        />
        <ErrorBox error={error} />
        <div class="actions" style={{ marginTop: '0.75rem' }}>
          <button class="primary" type="submit" disabled={busy || !key}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </div>
      </form>
    </main>
  );
}

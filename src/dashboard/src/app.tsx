/**
 * The app shell: checks the login, shows the login page or the layout (navigation, who is logged in, the
 * event stream's state) with the page for the current path.
 * @module
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

import { api, onUnauthorized, setCsrfToken } from './lib/api.js';
import { connectEvents, disconnectEvents, useEventsOpen } from './lib/events.js';
import { linkClick, navigate, usePath } from './lib/router.js';
import type { Session } from './lib/types.js';
import { ApiExplorerPage } from './pages/api-explorer.js';
import { BackupsPage } from './pages/backups.js';
import { CatalogPage } from './pages/catalog.js';
import { ClientsPage } from './pages/clients.js';
import { KeysPage } from './pages/keys.js';
import { LoginPage } from './pages/login.js';
import { OverviewPage } from './pages/overview.js';
import { ServersPage } from './pages/servers.js';
import { ToolsPage } from './pages/tools.js';

/** What every page gets. */
export interface PageProps {
  session: Session;
  /** The rest of the path after the page's own segment (e.g. a server name). */
  rest: string;
}

const PAGES: { path: string; label: string; page: ComponentType<PageProps> }[] = [
  { path: '/', label: 'Overview', page: OverviewPage },
  { path: '/servers', label: 'Servers', page: ServersPage },
  { path: '/tools', label: 'Tool explorer', page: ToolsPage },
  { path: '/catalog', label: 'Catalog', page: CatalogPage },
  { path: '/clients', label: 'Clients', page: ClientsPage },
  { path: '/keys', label: 'Keys', page: KeysPage },
  { path: '/backups', label: 'Backups', page: BackupsPage },
  { path: '/api-explorer', label: 'API explorer', page: ApiExplorerPage },
];

function pageFor(path: string): { entry: (typeof PAGES)[number]; rest: string } {
  const entry =
    PAGES.find((p) => p.path !== '/' && (path === p.path || path.startsWith(`${p.path}/`))) ?? PAGES[0]!;
  const rest = entry.path === '/' ? '' : decodeURIComponent(path.slice(entry.path.length + 1));
  return { entry, rest };
}

/** The app. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const path = usePath();
  const eventsOpen = useEventsOpen();

  const check = useCallback(async () => {
    try {
      const s = await api<Session>('GET', '/api/v1/auth/session');
      setCsrfToken(s.csrfToken);
      setSession(s.authenticated ? s : null);
    } catch {
      setSession(null);
    }
  }, []);
  useEffect(() => void check(), [check]);
  useEffect(() => onUnauthorized(() => setSession(null)), []);
  useEffect(() => {
    if (session) connectEvents();
    else disconnectEvents();
  }, [session]);

  if (session === undefined) return <p class="boot">Loading MCP Platform…</p>;
  if (session === null || path === '/login')
    return (
      <LoginPage
        onLogin={(s) => {
          setCsrfToken(s.csrfToken);
          setSession(s);
          if (location.pathname === '/login') navigate('/');
        }}
      />
    );

  const logout = async (): Promise<void> => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setSession(null);
  };
  const { entry, rest } = pageFor(path);
  const Page = entry.page;
  return (
    <div class="layout">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <aside class="sidebar">
        <div class="brand">
          <img src="/favicon.svg" alt="" />
          MCP Platform
        </div>
        <nav class="nav" aria-label="Pages">
          {PAGES.map((p) => (
            <a key={p.path} href={p.path} onClick={linkClick} aria-current={p === entry ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span>
            <span class={`dot ${eventsOpen ? 'ok' : 'bad'}`} aria-hidden="true" />
            {eventsOpen ? 'live' : 'reconnecting…'}
          </span>
          <span>
            {session.name ?? 'signed in'} ({session.scopes.join(', ')})
          </span>
          <button type="button" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </aside>
      <main id="main" tabIndex={-1}>
        <Page session={session} rest={rest} />
      </main>
    </div>
  );
}

/**
 * Catalog: browse by category, search, one entry's details and a one-click install with its variables and
 * live progress; or install any reference (a GitHub URL, npm:, pypi:, url:, a directory).
 * @module
 */
import { useState } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { ErrorBox } from '../components/bits.js';
import { InstallPanel } from '../components/install-panel.js';
import { useApi } from '../lib/hooks.js';
import type { CatalogRow } from '../lib/types.js';

/** The catalog page. */
export function CatalogPage({ session }: PageProps) {
  const [category, setCategory] = useState('');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [installing, setInstalling] = useState<string | undefined>(undefined);
  const [ref, setRef] = useState('');
  const admin = session.scopes.includes('admin');
  const categories = useApi<{ category: string; count: number }[]>('/api/v1/catalog/categories');
  const params = new URLSearchParams({ ...(query ? { q: query } : {}), ...(category ? { category } : {}) });
  const entries = useApi<CatalogRow[]>(`/api/v1/catalog?${params.toString()}`);
  return (
    <>
      <h1>Catalog</h1>
      {admin && (
        <form
          class="panel"
          aria-label="Install from a reference"
          onSubmit={(e) => {
            e.preventDefault();
            setInstalling(ref.trim());
          }}
        >
          <label for="install-ref">Install from a reference</label>
          <div class="actions" style={{ flexWrap: 'nowrap' }}>
            <input
              id="install-ref"
              placeholder="https://github.com/owner/repo, npm:@scope/pkg, pypi:pkg, url:https://…, or a directory"
              value={ref}
              onInput={(e) => setRef((e.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit" class="primary" disabled={!ref.trim()}>
              Plan
            </button>
          </div>
        </form>
      )}
      {installing && <InstallPanel key={installing} reference={installing} />}
      <div class="split" style={{ marginTop: '1rem' }}>
        <nav class="panel" aria-label="Categories">
          <ul class="list">
            <li>
              <button type="button" aria-pressed={category === ''} onClick={() => setCategory('')}>
                All
              </button>
            </li>
            {(categories.data ?? []).map((c) => (
              <li key={c.category}>
                <button
                  type="button"
                  aria-pressed={category === c.category}
                  onClick={() => setCategory(c.category)}
                >
                  <span>
                    {c.category} <small>({c.count})</small>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          <form
            class="actions"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery(q);
            }}
            style={{ flexWrap: 'nowrap', marginBottom: '0.75rem' }}
          >
            <label class="sr-only" for="catalog-q">
              Search the catalog
            </label>
            <input
              id="catalog-q"
              type="search"
              placeholder="Search: postgres, files, github…"
              value={q}
              onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit">Search</button>
          </form>
          <ErrorBox error={entries.error} />
          <div class="entries">
            {(entries.data ?? []).map((e) => (
              <article key={e.id} class="panel entry" data-entry={e.id}>
                <div class="actions" style={{ justifyContent: 'space-between' }}>
                  <strong>{e.title ?? e.id}</strong>
                  {e.featured && <span class="badge ok">featured</span>}
                </div>
                <code class="muted">{e.id}</code>
                <p style={{ margin: 0 }}>{e.description}</p>
                <div>
                  {e.sources.map((s) => (
                    <span key={s} class="badge muted">
                      {s}
                    </span>
                  ))}{' '}
                  <span class="tag">{e.category}</span>
                  <span class="tag">v{e.version}</span>
                </div>
                {admin && (
                  <div class="actions" style={{ marginTop: 'auto' }}>
                    <button type="button" onClick={() => setInstalling(e.id)} aria-label={`Install ${e.id}`}>
                      Install
                    </button>
                  </div>
                )}
              </article>
            ))}
          </div>
          {entries.data?.length === 0 && <p class="muted">Nothing matches.</p>}
        </div>
      </div>
    </>
  );
}

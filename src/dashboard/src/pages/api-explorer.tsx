/**
 * API explorer: reads the OpenAPI document the platform serves (/api/v1/openapi.json), lists every
 * operation by tag, and sends requests with the logged-in session (CSRF token included), showing the
 * status and body. Streams are read for a few seconds.
 * @module
 */
import { useMemo, useState } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { ErrorBox } from '../components/bits.js';
import { requestHeaders } from '../lib/api.js';
import { useApi } from '../lib/hooks.js';
import { skeleton } from '../lib/schema-args.js';
import type { JsonSchema } from '../lib/types.js';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  'x-scope': string;
}

interface OpenApi {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

interface Op extends Operation {
  method: string;
  path: string;
}

interface Answer {
  status: number;
  type: string;
  body: string;
  ms: number;
}

async function send(method: string, url: string, body: string | undefined): Promise<Answer> {
  const started = performance.now();
  const ac = new AbortController();
  const res = await fetch(url, {
    method: method.toUpperCase(),
    credentials: 'same-origin',
    headers: requestHeaders(method.toUpperCase(), body !== undefined),
    ...(body !== undefined ? { body } : {}),
    signal: ac.signal,
  });
  const type = res.headers.get('content-type') ?? '';
  let text = '';
  if (/event-stream|ndjson/.test(type) && res.body) {
    // A stream: read what arrives within a few seconds, then stop.
    const reader = res.body.getReader();
    const stop = setTimeout(() => ac.abort(), 4000);
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      text += '\n… (stream stopped after 4 s)';
    } finally {
      clearTimeout(stop);
    }
  } else {
    text = await res.text();
    if (type.includes('json')) {
      try {
        text = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // leave as is
      }
    }
  }
  return { status: res.status, type, body: text, ms: Math.round(performance.now() - started) };
}

function OperationForm({ op }: { op: Op }) {
  const params = op.parameters ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const schema = op.requestBody?.content['application/json'].schema;
  const [body, setBody] = useState(() => (schema ? JSON.stringify(skeleton(schema), null, 2) : ''));
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const url = useMemo(() => {
    let p = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(values[n] ?? ''));
    const q = params.filter((x) => x.in === 'query' && values[x.name]);
    if (q.length) p += `?${new URLSearchParams(q.map((x) => [x.name, values[x.name]!])).toString()}`;
    return p;
  }, [op, values, params]);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setAnswer(await send(op.method, url, schema ? body : undefined));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-label={op.operationId}>
      <h2 style={{ marginTop: 0 }}>
        <span class="badge">{op.method.toUpperCase()}</span> <code>{op.path}</code>
      </h2>
      <p>{op.summary}</p>
      {op.description && <p class="muted">{op.description}</p>}
      <p class="muted">scope: {op['x-scope']}</p>
      <form onSubmit={(e) => void submit(e)}>
        {params.map((p) => (
          <div key={`${p.in}-${p.name}`}>
            <label for={`param-${p.name}`}>
              {p.name} <span class="tag">{p.in}</span>
              {p.required ? ' *' : ''}
            </label>
            <input
              id={`param-${p.name}`}
              required={p.required}
              placeholder={p.schema.default !== undefined ? String(p.schema.default) : ''}
              value={values[p.name] ?? ''}
              onInput={(e) =>
                setValues((v) => ({ ...v, [p.name]: (e.currentTarget as HTMLInputElement).value }))
              }
            />
            {p.description && <div class="field-help">{p.description}</div>}
          </div>
        ))}
        {schema && (
          <>
            <label for="api-body">Body (JSON)</label>
            <textarea
              id="api-body"
              value={body}
              onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
            />
            <details>
              <summary>Body schema</summary>
              <pre>{JSON.stringify(schema, null, 2)}</pre>
            </details>
          </>
        )}
        <p class="muted">
          <code>
            {op.method.toUpperCase()} {url}
          </code>
        </p>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </form>
      <ErrorBox error={error} />
      {answer && (
        <div aria-live="polite">
          <h3>
            {answer.status}{' '}
            <span class="muted">
              ({answer.type || 'no body'}, {answer.ms} ms)
            </span>
          </h3>
          <pre data-testid="api-answer">{answer.body}</pre>
        </div>
      )}
    </section>
  );
}

/** The API explorer page. */
export function ApiExplorerPage(_: PageProps) {
  const doc = useApi<OpenApi>('/api/v1/openapi.json');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const ops = useMemo<Op[]>(
    () =>
      Object.entries(doc.data?.paths ?? {}).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ ...op, method, path })),
      ),
    [doc.data],
  );
  const shown = ops.filter((o) =>
    `${o.method} ${o.path} ${o.summary}`.toLowerCase().includes(filter.toLowerCase()),
  );
  const tags = [...new Set(shown.flatMap((o) => o.tags))];
  const op = ops.find((o) => o.operationId === selected);
  return (
    <>
      <h1>API explorer</h1>
      <p class="muted">
        {doc.data ? `${doc.data.info.title} ${doc.data.info.version}` : ''} — the document is at{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Requests use your login.
      </p>
      <ErrorBox error={doc.error} />
      <div class="split">
        <div class="panel">
          <label for="op-filter">Filter</label>
          <input
            id="op-filter"
            type="search"
            value={filter}
            onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
          />
          {tags.map((t) => (
            <div key={t}>
              <h3>{t}</h3>
              <ul class="list">
                {shown
                  .filter((o) => o.tags.includes(t))
                  .map((o) => (
                    <li key={o.operationId}>
                      <button
                        type="button"
                        aria-pressed={o.operationId === selected}
                        onClick={() => setSelected(o.operationId)}
                      >
                        <span>
                          <span class="tag">{o.method.toUpperCase()}</span>
                          {o.path}
                        </span>
                        <small>{o.summary}</small>
                      </button>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
        <div>
          {op ? <OperationForm key={op.operationId} op={op} /> : <p class="muted">Choose an operation.</p>}
        </div>
      </div>
    </>
  );
}

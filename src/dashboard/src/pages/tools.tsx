/**
 * Tool explorer: every exposed tool, resource and prompt with its server (namespace) and schema; "try it"
 * forms generated from the input schema, sent through the gateway's /mcp with the logged-in key.
 * @module
 */
import { useCallback, useMemo, useState } from 'preact/hooks';

import type { PageProps } from '../app.js';
import { ErrorBox } from '../components/bits.js';
import { SchemaForm } from '../components/schema-form.js';
import { api } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { useAction, useApi } from '../lib/hooks.js';
import type { JsonSchema, Prompt, Resource, Tool } from '../lib/types.js';

const TABS = ['tools', 'resources', 'prompts'] as const;
type Tab = (typeof TABS)[number];

interface CallResult {
  durationMs: number;
  result: { content: Record<string, unknown>[]; isError?: boolean; structuredContent?: unknown };
}

/** The content items of a tool result, text shown as text. */
function Content({ result }: { result: CallResult }) {
  const { content, isError, structuredContent } = result.result;
  return (
    <div class={isError ? 'error-box' : 'ok-box'} role="status" data-testid="tool-result">
      <div class="muted">
        {isError ? 'The tool reported an error' : 'Result'} in {result.durationMs} ms
      </div>
      {content.map((c, i) => (
        <pre key={i}>{c.type === 'text' ? String(c.text) : JSON.stringify(c, null, 2)}</pre>
      ))}
      {structuredContent !== undefined && <pre>{JSON.stringify(structuredContent, null, 2)}</pre>}
    </div>
  );
}

function ToolDetail({ tool, canCall }: { tool: Tool; canCall: boolean }) {
  const action = useAction();
  const [result, setResult] = useState<CallResult | undefined>(undefined);
  const call = (args: Record<string, unknown>): void =>
    void action.run(async () => {
      setResult(undefined);
      setResult(
        await api<CallResult>('POST', `/api/v1/tools/${encodeURIComponent(tool.name)}/call`, {
          arguments: args,
        }),
      );
    });
  return (
    <section class="panel" aria-label={`Tool ${tool.name}`}>
      <h2 style={{ marginTop: 0 }}>{tool.title ?? tool.originalName}</h2>
      <p>
        <code>{tool.name}</code> <span class="tag">server {tool.server ?? '?'}</span>
        <span class="tag">name there: {tool.originalName}</span>
      </p>
      {tool.description && <p>{tool.description}</p>}
      {tool.annotations && (
        <p class="muted">
          {Object.entries(tool.annotations)
            .filter(([, v]) => v === true)
            .map(([k]) => k.replace(/Hint$/, ''))
            .join(' · ')}
        </p>
      )}
      <h3>Try it</h3>
      {canCall ? (
        <SchemaForm
          schema={tool.inputSchema}
          idPrefix="arg"
          submitLabel="Call tool"
          busy={action.busy}
          onSubmit={call}
        />
      ) : (
        <p class="muted">Calling tools needs a key with the mcp or admin scope.</p>
      )}
      <ErrorBox error={action.error} />
      {result && <Content result={result} />}
      <details>
        <summary>Input schema</summary>
        <pre>{JSON.stringify(tool.inputSchema, null, 2)}</pre>
      </details>
      {tool.outputSchema && (
        <details>
          <summary>Output schema</summary>
          <pre>{JSON.stringify(tool.outputSchema, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}

function ResourceDetail({ resource, canCall }: { resource: Resource; canCall: boolean }) {
  const action = useAction();
  const [contents, setContents] = useState<unknown>(undefined);
  const [uri, setUri] = useState(resource.uri);
  return (
    <section class="panel" aria-label={`Resource ${resource.name}`}>
      <h2 style={{ marginTop: 0 }}>{resource.title ?? resource.name}</h2>
      <p>
        <code>{resource.uri}</code> <span class="tag">server {resource.server ?? '?'}</span>
        {resource.mimeType && <span class="tag">{resource.mimeType}</span>}
        {resource.template && <span class="tag">URI template</span>}
      </p>
      {resource.description && <p>{resource.description}</p>}
      {canCall && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => setContents(await api('POST', '/api/v1/resources/read', { uri })));
          }}
        >
          <label for="resource-uri">URI{resource.template ? ' (fill in the template)' : ''}</label>
          <input
            id="resource-uri"
            value={uri}
            onInput={(e) => setUri((e.currentTarget as HTMLInputElement).value)}
          />
          <div class="actions" style={{ marginTop: '0.5rem' }}>
            <button class="primary" type="submit" disabled={action.busy}>
              Read
            </button>
          </div>
        </form>
      )}
      <ErrorBox error={action.error} />
      {contents !== undefined && <pre>{JSON.stringify(contents, null, 2)}</pre>}
    </section>
  );
}

function PromptDetail({ prompt, canCall }: { prompt: Prompt; canCall: boolean }) {
  const action = useAction();
  const [messages, setMessages] = useState<unknown>(undefined);
  const schema = useMemo<JsonSchema>(
    () => ({
      type: 'object',
      properties: Object.fromEntries(
        prompt.arguments.map((a) => [
          a.name,
          { type: 'string', ...(a.description ? { description: a.description } : {}) },
        ]),
      ),
      required: prompt.arguments.filter((a) => a.required).map((a) => a.name),
    }),
    [prompt],
  );
  return (
    <section class="panel" aria-label={`Prompt ${prompt.name}`}>
      <h2 style={{ marginTop: 0 }}>{prompt.title ?? prompt.originalName}</h2>
      <p>
        <code>{prompt.name}</code> <span class="tag">server {prompt.server ?? '?'}</span>
      </p>
      {prompt.description && <p>{prompt.description}</p>}
      {canCall && (
        <SchemaForm
          schema={schema}
          idPrefix="prompt"
          submitLabel="Get prompt"
          busy={action.busy}
          onSubmit={(args) =>
            void action.run(async () =>
              setMessages(
                await api('POST', `/api/v1/prompts/${encodeURIComponent(prompt.name)}/get`, {
                  arguments: args,
                }),
              ),
            )
          }
        />
      )}
      <ErrorBox error={action.error} />
      {messages !== undefined && <pre>{JSON.stringify(messages, null, 2)}</pre>}
    </section>
  );
}

/** The tool explorer page. */
export function ToolsPage({ session }: PageProps) {
  const [tab, setTab] = useState<Tab>('tools');
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const tools = useApi<Tool[]>(tab === 'tools' ? '/api/v1/tools' : null);
  const resources = useApi<Resource[]>(tab === 'resources' ? '/api/v1/resources' : null);
  const prompts = useApi<Prompt[]>(tab === 'prompts' ? '/api/v1/prompts' : null);
  const canCall = session.scopes.includes('mcp') || session.scopes.includes('admin');
  const [r1, r2, r3] = [tools.reload, resources.reload, prompts.reload];
  useEvents(
    ['lists.changed'],
    useCallback(() => {
      void r1();
      void r2();
      void r3();
    }, [r1, r2, r3]),
  );
  const current = tab === 'tools' ? tools : tab === 'resources' ? resources : prompts;
  const items = ((current.data ?? []) as (Tool | Resource | Prompt)[]).map((i) => ({
    key: 'uri' in i ? i.uri : i.name,
    label: 'uri' in i ? i.name : i.name,
    server: i.server,
    description: i.description,
    item: i,
  }));
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = items.filter((i) =>
    words.every((w) => `${i.key} ${i.label} ${i.description ?? ''}`.toLowerCase().includes(w)),
  );
  // Nothing chosen yet: the first item is.
  const active = selected ?? shown[0]?.key;
  const chosen = shown.find((i) => i.key === active)?.item;
  return (
    <>
      <h1>Tool explorer</h1>
      <div
        class="tabs"
        role="tablist"
        aria-label="Kinds"
        onKeyDown={(e) => {
          // Arrow keys move between tabs, as in any tab list.
          if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
          const i = TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : -1);
          const next = TABS[(i + TABS.length) % TABS.length]!;
          setTab(next);
          setSelected(undefined);
          (e.currentTarget.querySelector(`[data-tab="${next}"]`) as HTMLElement | null)?.focus();
        }}
      >
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            data-tab={t}
            aria-selected={tab === t}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => (setTab(t), setSelected(undefined))}
          >
            {t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <ErrorBox error={current.error} />
      <div class="split">
        <div class="panel">
          <label for="tool-filter">Filter</label>
          <input
            id="tool-filter"
            type="search"
            value={filter}
            onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
          />
          <p class="muted">{current.loading ? 'Loading…' : `${shown.length} of ${items.length}`}</p>
          <ul class="list" aria-label={tab}>
            {shown.map((i) => (
              <li key={i.key}>
                <button type="button" aria-pressed={i.key === active} onClick={() => setSelected(i.key)}>
                  <span>{i.label}</span>
                  <small>{i.server ?? ''}</small>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div>
          {!chosen && <p class="muted">Choose an item on the left.</p>}
          {chosen && tab === 'tools' && <ToolDetail key={active} tool={chosen as Tool} canCall={canCall} />}
          {chosen && tab === 'resources' && (
            <ResourceDetail key={active} resource={chosen as Resource} canCall={canCall} />
          )}
          {chosen && tab === 'prompts' && (
            <PromptDetail key={active} prompt={chosen as Prompt} canCall={canCall} />
          )}
        </div>
      </div>
    </>
  );
}

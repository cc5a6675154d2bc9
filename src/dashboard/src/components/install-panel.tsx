/**
 * Installing one reference: the plan first (what will run, which variables it needs), a form for those
 * variables (secret ones as password fields; the platform puts them in its secret store, not in
 * config.yaml), then the install with its progress streamed live.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

import { api, errorText, streamLines } from '../lib/api.js';
import { useAction } from '../lib/hooks.js';
import { linkClick } from '../lib/router.js';
import type { InstallReport } from '../lib/types.js';

import { ErrorBox } from './bits.js';

type Item =
  | { type: 'progress'; text: string; at: number }
  | { type: 'done'; report: InstallReport }
  | { type: 'error'; error: { code: string; message: string; hint?: string } };

/** The install panel of `ref`. */
export function InstallPanel({ reference, onInstalled }: { reference: string; onInstalled?: () => void }) {
  const plan = useAction();
  const [report, setReport] = useState<InstallReport | undefined>(undefined);
  const [values, setValues] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [progress, setProgress] = useState<string[]>([]);
  const [state, setState] = useState<'idle' | 'running' | 'done' | 'failed'>('idle');
  const [outcome, setOutcome] = useState<Item | undefined>(undefined);
  useEffect(() => {
    setReport(undefined);
    setProgress([]);
    setState('idle');
    setOutcome(undefined);
    void plan.run(async () => {
      const r = await api<InstallReport>('POST', '/api/v1/install/plan', { ref: reference });
      setReport(r);
      setName(r.name);
      setValues(Object.fromEntries(r.plan.vars.map((v) => [v.name, v.default ?? ''])));
    });
  }, [reference]);
  const install = async (e: Event): Promise<void> => {
    e.preventDefault();
    setState('running');
    setProgress([]);
    setOutcome(undefined);
    const env = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    try {
      await streamLines<Item>('POST', '/api/v1/install?stream=1', { ref: reference, name, env }, (item) => {
        if (item.type === 'progress') setProgress((p) => [...p, item.text]);
        else {
          setOutcome(item);
          setState(item.type === 'done' ? 'done' : 'failed');
          if (item.type === 'done') onInstalled?.();
        }
      });
    } catch (err) {
      setOutcome({ type: 'error', error: { code: 'REQUEST', message: errorText(err) } });
      setState('failed');
    }
  };
  return (
    <section class="panel" aria-label={`Install ${reference}`} style={{ marginTop: '0.75rem' }}>
      <h3 style={{ marginTop: 0 }}>Install {reference}</h3>
      {plan.busy && <p class="muted">Planning…</p>}
      <ErrorBox error={plan.error} />
      {report && (
        <form onSubmit={(e) => void install(e)}>
          {report.plan.why.map((w) => (
            <p key={w} class="muted">
              {w}
            </p>
          ))}
          {report.plan.commands.map((c) => (
            <pre key={c}>{c}</pre>
          ))}
          <label for="install-name">Server name</label>
          <input
            id="install-name"
            required
            value={name}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
          {report.plan.vars.map((v) => (
            <div key={v.name}>
              <label for={`var-${v.name}`}>
                {v.name}
                {v.required ? ' *' : ''}{' '}
                {v.secret && <span class="tag">secret: kept in the secret store</span>}
              </label>
              <input
                id={`var-${v.name}`}
                type={(v.secret ? 'password' : 'text') as 'text'}
                autoComplete="off"
                required={v.required}
                value={values[v.name] ?? ''}
                onInput={(e) =>
                  setValues((x) => ({ ...x, [v.name]: (e.currentTarget as HTMLInputElement).value }))
                }
              />
              {v.description && <div class="field-help">{v.description}</div>}
            </div>
          ))}
          <div class="actions" style={{ marginTop: '0.75rem' }}>
            <button class="primary" type="submit" disabled={state === 'running'}>
              {state === 'running' ? 'Installing…' : 'Install'}
            </button>
          </div>
        </form>
      )}
      {(progress.length > 0 || state === 'running') && (
        <pre class="log" aria-live="polite" data-testid="install-progress">
          {progress.join('\n') || 'starting…'}
        </pre>
      )}
      {outcome?.type === 'done' && (
        <div class="ok-box" role="status" data-testid="install-done">
          Installed <strong>{outcome.report.name}</strong>
          {outcome.report.tools.length
            ? ` — ${outcome.report.tools.length} tools: ${outcome.report.tools.join(', ')}`
            : ''}
          .{' '}
          <a href={`/servers/${encodeURIComponent(outcome.report.name)}`} onClick={linkClick}>
            Open the server
          </a>
        </div>
      )}
      {outcome?.type === 'error' && (
        <div class="error-box" role="alert">
          {outcome.error.message}
          {outcome.error.hint ? ` — ${outcome.error.hint}` : ''}
        </div>
      )}
    </section>
  );
}

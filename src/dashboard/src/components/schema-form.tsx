/**
 * A form generated from a tool's input JSON Schema: text, number, checkbox and select fields for the
 * top-level properties, JSON text for nested objects and arrays, required fields marked and checked, and a
 * raw JSON mode for anything the fields cannot express.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

import { initialValues, kindOf, toArguments } from '../lib/schema-args.js';
import type { JsonSchema } from '../lib/types.js';

/** Props of {@link SchemaForm}. */
export interface SchemaFormProps {
  schema: JsonSchema;
  /** A prefix for field ids (unique per form on the page). */
  idPrefix: string;
  submitLabel: string;
  busy?: boolean;
  onSubmit(values: Record<string, unknown>): void;
}

/** The form. */
export function SchemaForm({ schema, idPrefix, submitLabel, busy, onSubmit }: SchemaFormProps) {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const [values, setValues] = useState(() => initialValues(props));
  const [raw, setRaw] = useState(false);
  const [rawText, setRawText] = useState('{}');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useEffect(() => {
    setValues(initialValues(schema.properties ?? {}));
    setProblem(undefined);
  }, [schema]);
  const set = (name: string, value: string | boolean): void => setValues((v) => ({ ...v, [name]: value }));
  const submit = (e: Event): void => {
    e.preventDefault();
    try {
      const args = raw ? (JSON.parse(rawText) as Record<string, unknown>) : toArguments(schema, values);
      setProblem(undefined);
      onSubmit(args);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  const names = Object.keys(props);
  return (
    <form onSubmit={submit} aria-label="Arguments">
      <label class="inline">
        <input
          type="checkbox"
          checked={raw}
          onChange={(e) => {
            const on = (e.currentTarget as HTMLInputElement).checked;
            if (on) {
              try {
                setRawText(JSON.stringify(toArguments(schema, values), null, 2));
              } catch {
                setRawText('{}');
              }
            }
            setRaw(on);
          }}
        />
        Edit as JSON
      </label>
      {raw ? (
        <>
          <label for={`${idPrefix}-raw`}>Arguments (JSON)</label>
          <textarea
            id={`${idPrefix}-raw`}
            value={rawText}
            onInput={(e) => setRawText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </>
      ) : (
        <>
          {names.length === 0 && <p class="muted">This takes no arguments.</p>}
          {names.map((name) => {
            const s = props[name]!;
            const kind = kindOf(s);
            const id = `${idPrefix}-${name}`;
            const help = s.description ?? s.title;
            const common = { id, name, 'aria-describedby': help ? `${id}-help` : undefined };
            return (
              <div key={name}>
                {kind === 'boolean' ? (
                  <label class="inline" for={id}>
                    <input
                      type="checkbox"
                      {...common}
                      checked={values[name] === true}
                      onChange={(e) => set(name, (e.currentTarget as HTMLInputElement).checked)}
                    />
                    {name}
                  </label>
                ) : (
                  <label for={id}>
                    {name}
                    {required.has(name) ? ' *' : ''} <span class="tag">{String(s.type ?? 'json')}</span>
                  </label>
                )}
                {kind === 'select' && (
                  <select
                    {...common}
                    value={String(values[name])}
                    onChange={(e) => set(name, (e.currentTarget as HTMLSelectElement).value)}
                  >
                    <option value="">—</option>
                    {(s.enum as string[]).map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )}
                {(kind === 'text' || kind === 'number' || kind === 'integer') && (
                  <input
                    {...common}
                    type={(kind === 'text' ? 'text' : 'number') as 'number'}
                    step={kind === 'integer' ? 1 : 'any'}
                    required={required.has(name)}
                    value={String(values[name])}
                    onInput={(e) => set(name, (e.currentTarget as HTMLInputElement).value)}
                  />
                )}
                {kind === 'json' && (
                  <textarea
                    {...common}
                    placeholder={s.type === 'array' ? '[ ... ]' : '{ ... }'}
                    value={String(values[name])}
                    onInput={(e) => set(name, (e.currentTarget as HTMLTextAreaElement).value)}
                  />
                )}
                {help && (
                  <div id={`${id}-help`} class="field-help">
                    {help}
                  </div>
                )}
              </div>
            );
          })}
        </>
      )}
      {problem && (
        <div class="error-box" role="alert">
          {problem}
        </div>
      )}
      <div class="actions" style={{ marginTop: '0.75rem' }}>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Running…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * Adding a server: a command (stdio; runs a program on this machine, so it needs admin and is audit-logged
 * by the platform) or a URL (remote), with environment variables or headers.
 * @module
 */
import { useState } from 'preact/hooks';

import { api } from '../lib/api.js';
import { argv, pairs } from '../lib/parse.js';
import { useAction } from '../lib/hooks.js';

import { ErrorBox } from './bits.js';

/** The form. */
export function AddServerForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [kind, setKind] = useState<'command' | 'url'>('command');
  const [name, setName] = useState('');
  const [command, setCommand] = useState('');
  const [url, setUrl] = useState('');
  const [transport, setTransport] = useState('auto');
  const [vars, setVars] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const value = (set: (v: string) => void) => (e: Event) => set((e.currentTarget as HTMLInputElement).value);
  const submit = (e: Event): void => {
    e.preventDefault();
    void action.run(async () => {
      const [cmd, ...args] = argv(command);
      const body =
        kind === 'command'
          ? { name, command: cmd, args, env: pairs(vars, '=') }
          : { name, url, transport, headers: pairs(vars, ':') };
      await api('POST', '/api/v1/servers', { ...body, ...(description ? { description } : {}) });
      onAdded(name);
    });
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="Add a server" style={{ marginBottom: '1rem' }}>
      <fieldset>
        <legend>Kind</legend>
        <label class="inline">
          <input type="radio" name="kind" checked={kind === 'command'} onChange={() => setKind('command')} />
          Command (stdio)
        </label>
        <label class="inline">
          <input type="radio" name="kind" checked={kind === 'url'} onChange={() => setKind('url')} />
          URL (remote)
        </label>
      </fieldset>
      <div class="row">
        <div>
          <label for="add-name">Name</label>
          <input
            id="add-name"
            required
            pattern="[a-z0-9][a-z0-9-]{0,31}"
            value={name}
            onInput={value(setName)}
          />
          <div class="field-help">lowercase letters, digits and hyphens</div>
        </div>
        <div>
          <label for="add-description">Description</label>
          <input id="add-description" value={description} onInput={value(setDescription)} />
        </div>
      </div>
      {kind === 'command' ? (
        <>
          <label for="add-command">Command</label>
          <input
            id="add-command"
            required
            placeholder="npx -y @modelcontextprotocol/server-everything"
            value={command}
            onInput={value(setCommand)}
          />
          <div class="field-help">
            Run without a shell; quotes group arguments. This runs a program on this machine.
          </div>
          <label for="add-vars">Environment (KEY=VALUE per line; values may use {'${secret:NAME}'})</label>
        </>
      ) : (
        <div class="row">
          <div>
            <label for="add-url">URL</label>
            <input
              id="add-url"
              type="url"
              required
              placeholder="https://example.com/mcp"
              value={url}
              onInput={value(setUrl)}
            />
          </div>
          <div>
            <label for="add-transport">Transport</label>
            <select id="add-transport" value={transport} onChange={value(setTransport)}>
              <option value="auto">auto (Streamable HTTP, then SSE)</option>
              <option value="streamable-http">streamable-http</option>
              <option value="sse">sse</option>
              <option value="websocket">websocket</option>
            </select>
          </div>
        </div>
      )}
      {kind === 'url' && <label for="add-vars">Headers (Name: value per line)</label>}
      <textarea id="add-vars" value={vars} onInput={value(setVars)} />
      <ErrorBox error={action.error} />
      <div class="actions" style={{ marginTop: '0.75rem' }}>
        <button class="primary" type="submit" disabled={action.busy}>
          {action.busy ? 'Adding…' : 'Add and start'}
        </button>
      </div>
    </form>
  );
}

/**
 * Small shared pieces: state badge, error and notice boxes, copy-to-clipboard button.
 * @module
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

import { errorText } from '../lib/api.js';
import { stateClass } from '../lib/format.js';

/** A server state as a coloured badge. */
export function StateBadge({ state }: { state: string }) {
  return <span class={`badge ${stateClass(state)}`}>{state}</span>;
}

/** An error, if any, in a live region. */
export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="error-box" role="alert">
      {errorText(error)}
    </div>
  );
}

/** A success message in a live region. */
export function OkBox({ children }: { children: ComponentChildren }) {
  return (
    <div class="ok-box" role="status">
      {children}
    </div>
  );
}

/** Copies `text` to the clipboard; says whether it worked. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" onClick={() => void copy()} aria-live="polite">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

/** A page heading with actions on the right. */
export function PageHead({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="actions" style={{ justifyContent: 'space-between', marginBottom: '0.75rem' }}>
      <h1 style={{ margin: 0 }}>{title}</h1>
      <div class="actions">{children}</div>
    </div>
  );
}

/**
 * Start, stop and restart buttons for one running server.
 * @module
 */
import { api } from '../lib/api.js';
import { useAction } from '../lib/hooks.js';

import { ErrorBox } from './bits.js';

/** Start, stop and restart buttons for one server. */
export function ControlButtons({
  name,
  state,
  onDone,
  disabled,
}: {
  name: string;
  state: string;
  onDone: () => void;
  disabled?: boolean;
}) {
  const action = useAction();
  const act = (verb: 'start' | 'stop' | 'restart'): void =>
    void action.run(async () => {
      await api('POST', `/api/v1/servers/${encodeURIComponent(name)}/${verb}`);
      onDone();
    });
  const stopped = state === 'stopped' || state === 'absent';
  const up = state === 'running' || state === 'starting';
  return (
    <span class="actions">
      <button
        type="button"
        disabled={disabled || action.busy || up}
        onClick={() => act('start')}
        aria-label={`Start ${name}`}
      >
        Start
      </button>
      <button
        type="button"
        disabled={disabled || action.busy || stopped}
        onClick={() => act('stop')}
        aria-label={`Stop ${name}`}
      >
        Stop
      </button>
      <button
        type="button"
        disabled={disabled || action.busy}
        onClick={() => act('restart')}
        aria-label={`Restart ${name}`}
      >
        Restart
      </button>
      <ErrorBox error={action.error} />
    </span>
  );
}

/**
 * One shared EventSource on `/api/v1/events` for the whole app (the browser reconnects it, with
 * Last-Event-ID, by itself); components subscribe to the event types they care about.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

/** One event of the stream. */
export interface PlatformEvent {
  id: number;
  type: 'server.state' | 'lists.changed' | 'session.opened' | 'session.closed';
  at: number;
  data: Record<string, unknown>;
}

type Listener = (e: PlatformEvent) => void;

const TYPES: PlatformEvent['type'][] = ['server.state', 'lists.changed', 'session.opened', 'session.closed'];
const listeners = new Set<Listener>();
const statusListeners = new Set<(open: boolean) => void>();
let source: EventSource | undefined;
let open = false;

function setOpen(value: boolean): void {
  open = value;
  for (const l of statusListeners) l(value);
}

/** Opens the stream (after login). */
export function connectEvents(): void {
  if (source) return;
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.onopen = () => setOpen(true);
  source.onerror = () => setOpen(false);
  for (const type of TYPES) {
    source.addEventListener(type, (msg) => {
      const event = JSON.parse((msg as MessageEvent<string>).data) as PlatformEvent;
      for (const l of listeners) l(event);
    });
  }
}

/** Closes the stream (at logout). */
export function disconnectEvents(): void {
  source?.close();
  source = undefined;
  setOpen(false);
}

/** Calls `fn` for every event of the given types while the component is mounted. */
export function useEvents(types: PlatformEvent['type'][], fn: Listener): void {
  const key = types.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    const l: Listener = (e) => {
      if (wanted.has(e.type)) fn(e);
    };
    listeners.add(l);
    return () => void listeners.delete(l);
  }, [key, fn]);
}

/** Whether the event stream is connected. */
export function useEventsOpen(): boolean {
  const [value, setValue] = useState(open);
  useEffect(() => {
    statusListeners.add(setValue);
    return () => void statusListeners.delete(setValue);
  }, []);
  return value;
}

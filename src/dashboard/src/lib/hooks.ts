/**
 * Small data hooks: load an API resource (and reload it on demand or on an interval).
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

import { api } from './api.js';

/** The state of a loaded resource. */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/** GETs `path` on mount (and when it changes); `intervalMs` polls. A null path loads nothing. */
export function useApi<T>(path: string | null, intervalMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const current = useRef(path);
  current.current = path;
  const reload = useCallback(async () => {
    if (path === null) return;
    try {
      const value = await api<T>('GET', path);
      if (current.current === path) {
        setData(value);
        setError(undefined);
      }
    } catch (err) {
      if (current.current === path) setError(err);
    } finally {
      if (current.current === path) setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    setLoading(path !== null);
    void reload();
    if (!intervalMs || path === null) return undefined;
    const t = setInterval(() => void reload(), intervalMs);
    return () => clearInterval(t);
  }, [reload, intervalMs, path]);
  return { data, error, loading, reload };
}

/** Runs an async action, tracking busy state and its error or result message. */
export function useAction(): {
  busy: boolean;
  error: unknown;
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}

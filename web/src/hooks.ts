import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` now and every `intervalMs` while the tab is visible (the console's live updates
 * until the server pushes events). A failed refresh keeps the last data and shows the error.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number | undefined, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = generation.current;
    try {
      const value = await run();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [run]);

  useEffect(() => {
    generation.current += 1;
    setData(undefined);
    setLoading(true);
    void reload();
    if (!intervalMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs]);

  return { data, error, loading, reload };
}

/**
 * A text that survives a reload and a sign-in after an expired session: kept in sessionStorage
 * under `key` until it is cleared (sent).
 */
export function useDraft(key: string): [string, (value: string) => void] {
  const storageKey = `chatapp.draft.${key}`;
  const [value, setValue] = useState(() => sessionStorage.getItem(storageKey) ?? '');
  useEffect(() => setValue(sessionStorage.getItem(storageKey) ?? ''), [storageKey]);
  const update = useCallback(
    (next: string) => {
      setValue(next);
      if (next) sessionStorage.setItem(storageKey, next);
      else sessionStorage.removeItem(storageKey);
    },
    [storageKey],
  );
  return [value, update];
}

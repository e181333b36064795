import { useCallback, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';

export interface Action {
  busy: boolean;
  /** What went wrong in the last run, in the server's words; cleared by the next run. */
  error: string | undefined;
  /** The field the server blamed, among those given to `useAction` (else undefined). */
  field: string | undefined;
  /** Runs `work`; answers whether it succeeded. */
  run(work: () => Promise<unknown>): Promise<boolean>;
  /** The error to show beside `name`: the one the server blamed it for, or any error when `name` is the form's fallback. */
  errorFor(name: string): string | undefined;
}

/**
 * One form's call to the server: busy while it runs, and its error placed beside the field the
 * server's words name (`fields`), or beside `fallback` when they name none.
 */
export function useAction(fields: readonly string[] = [], fallback?: string): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [field, setField] = useState<string>();
  const run = useCallback(
    async (work: () => Promise<unknown>) => {
      setBusy(true);
      setError(undefined);
      setField(undefined);
      try {
        await work();
        return true;
      } catch (e) {
        setError(messageOf(e));
        setField(e instanceof ApiError ? e.fieldAmong(fields) : undefined);
        return false;
      } finally {
        setBusy(false);
      }
    },
    // The field names are constants of each form.
    [fields.join(',')],
  );
  const errorFor = (name: string) => (error && (field === name || (!field && name === fallback)) ? error : undefined);
  return { busy, error, field, run, errorFor };
}

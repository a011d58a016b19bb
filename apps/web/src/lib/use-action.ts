/**
 * One async action of a form or button: `busy` while it runs, and its failure kept in `error` to be shown
 * (ErrorAlert) rather than thrown. `setError` lets a caller report its own checks the same way.
 */
import { useCallback, useState } from 'react';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

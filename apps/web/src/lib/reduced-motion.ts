/**
 * The system's "reduce motion" setting (WCAG 2.3.3): when on, antd's zoom and slide animations are switched
 * off (theme token `motion`). Browser journeys run with it on, so a click never lands on a dialog or a
 * drop-down that is still moving in.
 */
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia?.(QUERY);
  list?.addEventListener('change', onChange);
  return () => list?.removeEventListener('change', onChange);
}

const reduced = () => window.matchMedia?.(QUERY).matches ?? false;

export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, reduced, () => false);
}

/**
 * 长辈模式: bigger type, taller controls and looser lines for older residents and staff. Stored in
 * localStorage so it survives reloads; the theme (app/theme.ts) reads it, and a class on <html> lets
 * plain CSS (line-height) follow in every layout.
 */
import { createContext, type ReactNode, useCallback, useContext, useLayoutEffect, useMemo, useState } from 'react';

const KEY = 'grassroots.elder';
export const ELDER_CLASS = 'elder-mode';

interface ElderMode {
  elder: boolean;
  setElder(on: boolean): void;
  toggle(): void;
}

const Ctx = createContext<ElderMode | null>(null);

function readStored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false; // storage blocked (private mode): default off
  }
}

export function ElderModeProvider({ children }: { children: ReactNode }) {
  const [elder, setState] = useState(readStored);
  useLayoutEffect(() => {
    document.documentElement.classList.toggle(ELDER_CLASS, elder);
  }, [elder]);
  const setElder = useCallback((on: boolean) => {
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      // not persisted, still applied for this visit
    }
    setState(on);
  }, []);
  const value = useMemo<ElderMode>(() => ({ elder, setElder, toggle: () => setElder(!elder) }), [elder, setElder]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useElderMode(): ElderMode {
  const v = useContext(Ctx);
  if (!v) throw new Error('useElderMode outside ElderModeProvider');
  return v;
}

/**
 * Two locales, zh-CN first. Strings live beside their use: `t('区域网格', 'Areas')`.
 * Shared labels from `@grassroots/shared` are `{ 'zh-CN', en }` objects: `tl(label)`.
 */
import { createContext, type ReactNode, useCallback, useContext, useLayoutEffect, useMemo, useState } from 'react';
import { setApiLocale } from './api';

export type Locale = 'zh-CN' | 'en';
const KEY = 'grassroots.locale';

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(zh: string, en: string): string;
  tl(label: { 'zh-CN': string; en: string }): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN'));
  setApiLocale(locale);
  // Screen readers and axe read <html lang>; keep it in step with the stored choice from the first paint.
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(KEY, l);
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (zh, en) => (locale === 'en' ? en : zh),
      tl: (label) => label[locale],
    }),
    [locale, setLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

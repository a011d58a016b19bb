/**
 * Providers, outermost first: TanStack Query → i18n → 长辈模式 → antd (locale + theme + App for
 * message/modal) → router. The antd and dayjs locales follow the UI language.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useMemo, useState } from 'react';
import { RouterProvider } from 'react-router';
import { ElderModeProvider, useElderMode } from '../lib/elder-mode';
import { I18nProvider, useI18n } from '../lib/i18n';
import { useReducedMotion } from '../lib/reduced-motion';
import { features } from './features';
import { FeaturesContext } from './features-context';
import { createQueryClient } from './query-client';
import { buildRouter, withShell } from './router';
import { buildTheme } from './theme';

function Antd({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const { elder } = useElderMode();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const reducedMotion = useReducedMotion();
  const theme = useMemo(() => buildTheme(elder, reducedMotion), [elder, reducedMotion]);
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const all = useMemo(() => withShell(features), []);
  const [router] = useState(() => buildRouter(all));
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ElderModeProvider>
          <Antd>
            <FeaturesContext.Provider value={all}>
              <RouterProvider router={router} />
            </FeaturesContext.Provider>
          </Antd>
        </ElderModeProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

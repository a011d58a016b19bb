/**
 * The phone look shared by the H5 pages (/h5/*) and the public pages (/p/*): a 560 px column, a red top
 * bar (back, title, 长辈模式, then language or account), big touch targets via a nested theme.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { Outlet, useMatches, useNavigate } from 'react-router';
import { ElderModeSwitch } from '../../components/ElderModeSwitch';
import { useElderMode } from '../../lib/elder-mode';
import { useI18n } from '../../lib/i18n';
import type { Label } from '../route-types';
import { productName, useDocumentTitle } from '../session';
import { phoneTheme } from '../theme';

export interface PhoneFrameProps {
  /** Where the back arrow is hidden (the section's home), e.g. '/h5'. */
  home: string;
  actions?: ReactNode;
  footer?: ReactNode;
}

export function PhoneFrame({ home, actions, footer }: PhoneFrameProps) {
  const { t, tl } = useI18n();
  const { elder } = useElderMode();
  const navigate = useNavigate();
  const matches = useMatches();
  const last = matches.at(-1);
  const label = (last?.handle as { title?: Label } | undefined)?.title;
  const title = label ? tl(label) : tl(productName);
  useDocumentTitle(title);
  const atHome = !last || last.pathname === home || last.pathname === `${home}/`;
  return (
    <ConfigProvider theme={phoneTheme(elder)}>
      <div className="gr-phone">
        <a className="gr-skip-link" href="#gr-main">
          {t('跳到主要内容', 'Skip to content')}
        </a>
        <header className="gr-phone-bar gr-on-brand">
          {atHome ? null : (
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('返回', 'Back')}
              onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(home))}
            />
          )}
          <h1>{title}</h1>
          <ElderModeSwitch />
          {actions}
        </header>
        <main id="gr-main" className="gr-phone-main" tabIndex={-1}>
          <Outlet />
        </main>
        {footer ? <footer className="gr-phone-footer">{footer}</footer> : null}
      </div>
    </ConfigProvider>
  );
}

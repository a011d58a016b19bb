/** The look of the login and change-password pages: a red bar (product, language, 长辈模式) and a card. */
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ElderModeSwitch } from '../../components/ElderModeSwitch';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../lib/i18n';
import { productName, useDocumentTitle } from '../session';

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { tl } = useI18n();
  useDocumentTitle(title);
  return (
    <div className="gr-auth-page">
      <header className="gr-auth-bar gr-on-brand">
        <h1>{tl(productName)}</h1>
        <LanguageSwitch />
        <ElderModeSwitch />
      </header>
      <main className="gr-auth-body">
        <Card className="gr-auth-card">
          <Typography.Title level={2} style={{ marginTop: 0, fontSize: '1.3em' }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </main>
    </div>
  );
}

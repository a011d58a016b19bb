/** 404 and the route error boundary: friendly words, a way home, no stack traces for users. */
import { Button, Result } from 'antd';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../session';

/** `standalone`: rendered outside any layout, so it provides the page's <main> landmark itself. */
export function NotFoundPage({ standalone }: { standalone?: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t('页面不存在', 'Page not found'));
  const Wrap = standalone ? 'main' : 'div';
  return (
    <Wrap>
      <Result
        status="404"
        title={<h1 style={{ fontSize: '1.5em', margin: 0 }}>{t('页面不存在', 'Page not found')}</h1>}
        subTitle={t('您访问的页面不存在或已被移除。', 'The page you asked for does not exist or has moved.')}
        extra={
          <Link to="/">
            <Button type="primary">{t('返回首页', 'Go home')}</Button>
          </Link>
        }
      />
    </Wrap>
  );
}

export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage standalone />;
  // Logged for whoever opens the console; the user sees a plain sentence.
  console.error(error);
  return (
    <div role="alert">
      <Result
        status="error"
        title={<h1 style={{ fontSize: '1.5em', margin: 0 }}>{t('页面出错了', 'Something went wrong')}</h1>}
        subTitle={t(
          '页面遇到了意外问题，请刷新重试；如果问题持续，请联系系统管理员。',
          'This page hit an unexpected problem. Reload to try again; if it persists, contact your administrator.',
        )}
        extra={[
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            {t('刷新页面', 'Reload')}
          </Button>,
          <Button key="home" href="/">
            {t('返回首页', 'Go home')}
          </Button>,
        ]}
      />
    </div>
  );
}

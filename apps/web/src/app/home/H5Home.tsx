/** /h5 when no feature claims it: big tiles for the phone pages this user can open, or a way to sign in. */
import { AppstoreOutlined, LoginOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Typography } from 'antd';
import { Link } from 'react-router';
import { isStaff, useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { useH5Menu } from '../features-context';

export function H5Home() {
  const { t, tl } = useI18n();
  const { data: me } = useMe();
  const entries = useH5Menu();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Card>
        <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 0 }}>
          {me ? t(`您好，${me.account.displayName}`, `Hello, ${me.account.displayName}`) : t('欢迎', 'Welcome')}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: me ? 0 : 12 }}>
          {t(
            '在这里办理居民事务、查看社区通知和网格责任人。',
            'Resident services, community notices and your grid team.',
          )}
        </Typography.Paragraph>
        {me ? null : (
          <Link to="/h5/login">
            <Button type="primary" block size="large" icon={<LoginOutlined />}>
              {t('登录 / 注册', 'Sign in / sign up')}
            </Button>
          </Link>
        )}
        {isStaff(me) ? (
          <Link to="/console" style={{ display: 'inline-block', marginTop: 12 }}>
            {t('进入电脑端工作台', 'Open the desktop console')}
          </Link>
        ) : null}
      </Card>
      {entries.length ? (
        <nav className="gr-tiles" aria-label={t('服务', 'Services')}>
          {entries.map((e) => (
            <Link key={e.path} to={e.path}>
              <Card hoverable style={{ textAlign: 'center' }}>
                <div style={{ fontSize: 28 }} aria-hidden>
                  {e.icon ?? <AppstoreOutlined />}
                </div>
                <div>{tl(e.label)}</div>
              </Card>
            </Link>
          ))}
        </nav>
      ) : (
        <Empty description={t('暂无可用服务', 'No services yet')} />
      )}
    </div>
  );
}

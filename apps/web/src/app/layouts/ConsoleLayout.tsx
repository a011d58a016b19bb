/**
 * The console frame: red header (product, user, roles, language, 长辈模式, account menu), a collapsible
 * menu built from the features' `menu` entries, and the page. Requires a staff login: anonymous users go
 * to /login?next=…, an unchanged initial password to /change-password, residents to /h5.
 */
import { AppstoreOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import type { MeResponse } from '@grassroots/shared/auth/auth.schema';
import { roleLabels } from '@grassroots/shared/auth/roles';
import { Breadcrumb, Button, Grid, Layout, Menu, type MenuProps, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useMatches } from 'react-router';
import { ElderModeSwitch } from '../../components/ElderModeSwitch';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FullPageSpin } from '../../components/FullPageSpin';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { isStaff, useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { activeEntry, menuGroups, useConsoleMenu, type VisibleEntry } from '../features-context';
import type { Label } from '../route-types';
import { productName, useDocumentTitle } from '../session';
import { UserMenu } from './UserMenu';

export function ConsoleLayout() {
  const { data: me, isPending, error, refetch } = useMe();
  const loc = useLocation();
  if (isPending) return <FullPageSpin />;
  if (error) return <ErrorAlert error={error} onRetry={() => refetch()} style={{ margin: 24 }} />;
  const here = encodeURIComponent(loc.pathname + loc.search);
  if (!me) return <Navigate to={`/login?next=${here}`} replace />;
  if (me.account.mustChangePassword) return <Navigate to={`/change-password?next=${here}`} replace />;
  if (!isStaff(me)) return <Navigate to="/h5" replace />;
  return <ConsoleFrame me={me} />;
}

/** Grouped with section titles when open; when collapsed to icons the titles would be cut, so dividers. */
function useMenuItems(entries: VisibleEntry[], collapsed: boolean): MenuProps['items'] {
  const { tl } = useI18n();
  return useMemo(() => {
    const item = (e: VisibleEntry) => ({
      key: e.path,
      icon: e.icon ?? <AppstoreOutlined />,
      label: <Link to={e.path}>{tl(e.label)}</Link>,
    });
    const loose = entries.filter((e) => !e.group).map(item);
    const groups = menuGroups
      .map((g) => ({ g, children: entries.filter((e) => e.group === g.key).map(item) }))
      .filter((x) => x.children.length);
    if (collapsed)
      return [
        ...loose,
        ...groups.flatMap(({ g, children }, i) => [
          ...(i > 0 || loose.length ? [{ type: 'divider' as const, key: `divider:${g.key}` }] : []),
          ...children,
        ]),
      ];
    return [
      ...loose,
      ...groups.map(({ g, children }) => ({
        type: 'group' as const,
        key: `group:${g.key}`,
        label: tl(g.label),
        children,
      })),
    ];
  }, [entries, tl, collapsed]);
}

function ConsoleFrame({ me }: { me: MeResponse }) {
  const { t, tl } = useI18n();
  const screens = Grid.useBreakpoint();
  const [collapsed, setCollapsed] = useState(false);
  const entries = useConsoleMenu();
  const items = useMenuItems(entries, collapsed);
  const loc = useLocation();
  const active = activeEntry(entries, loc.pathname);
  const matches = useMatches();
  const pageTitle = (matches.at(-1)?.handle as { title?: Label } | undefined)?.title;
  const title = pageTitle ? tl(pageTitle) : active ? tl(active.label) : undefined;
  useDocumentTitle(title);
  const group = menuGroups.find((g) => g.key === active?.group);
  const wide = !!screens.lg;
  const roles = [...new Set(me.roles)];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="gr-skip-link" href="#gr-main">
        {t('跳到主要内容', 'Skip to content')}
      </a>
      <Layout.Header className="gr-console-header">
        <Link to="/console" className="gr-brand">
          {tl(productName)}
        </Link>
        <span className="gr-header-spacer" />
        <div className="gr-header-actions gr-on-brand">
          {wide
            ? roles.slice(0, 2).map((r) => (
                <Tag key={r} variant="outlined" style={{ marginInlineEnd: 0 }}>
                  {tl(roleLabels[r])}
                </Tag>
              ))
            : null}
          {me.permissions.includes('screen.view') ? (
            // The wall runs on its own screen: a new tab, outside the console frame.
            <Button ghost size="small" href="/screen" target="_blank" icon={<FundProjectionScreenOutlined />}>
              {screens.md ? t('大屏', 'Wall') : null}
            </Button>
          ) : null}
          <LanguageSwitch />
          <ElderModeSwitch compact={!screens.md} />
          <NotificationBell />
          <UserMenu me={me} compact={!screens.md} />
        </div>
      </Layout.Header>
      <Layout hasSider>
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          collapsedWidth={64}
          width={220}
          theme="light"
          className="gr-console-sider"
        >
          <nav aria-label={t('主菜单', 'Main menu')}>
            <Menu
              mode="inline"
              items={items}
              selectedKeys={active ? [active.path] : []}
              style={{ borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content id="gr-main" className="gr-content" tabIndex={-1}>
          {active && active.path !== '/console' ? (
            <Breadcrumb
              style={{ marginBottom: 12 }}
              items={[
                { title: <Link to="/console">{t('工作台', 'Home')}</Link> },
                ...(group ? [{ title: tl(group.label) }] : []),
                {
                  title:
                    loc.pathname === active.path ? tl(active.label) : <Link to={active.path}>{tl(active.label)}</Link>,
                },
                ...(loc.pathname !== active.path && title && title !== tl(active.label) ? [{ title }] : []),
              ]}
            />
          ) : null}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

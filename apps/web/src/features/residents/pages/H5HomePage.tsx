/**
 * /h5 — the resident's home: my confirmed households (with their 亮身份 page), my link requests and their
 * status, the entry to ask for a link; then the tiles of the other phone pages.
 */
import {
  AppstoreOutlined,
  FileSearchOutlined,
  HomeOutlined,
  LinkOutlined,
  LoginOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Card, Flex, List, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { useH5Menu } from '../../../app/features-context';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isStaff, useMe } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { useMyHouseholds, useMyRequests } from '../api';
import { LinkStatusTag } from './LinkStatusTag';

const ownPaths = new Set(['/h5', '/h5/login', '/h5/signup', '/h5/link']);

export function H5HomePage() {
  const { t, tl } = useI18n();
  const { data: me, isPending } = useMe();
  const households = useMyHouseholds(!!me);
  const requests = useMyRequests(!!me);
  const tiles = useH5Menu().filter((e) => !ownPaths.has(e.path));
  if (isPending) return <Skeleton active />;
  const open = (requests.data?.items ?? []).filter((r) => r.status !== 'confirmed');
  return (
    <Flex vertical gap={12}>
      <Card>
        <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 0 }}>
          {me ? t(`您好，${me.account.displayName}`, `Hello, ${me.account.displayName}`) : t('欢迎使用', 'Welcome')}
        </Typography.Title>
        {me ? (
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {t(
              '关联住户后，可以查看网格责任人、参与议事和评价。',
              'Link your household to see your grid team, join votes and rate services.',
            )}
          </Typography.Paragraph>
        ) : (
          <Flex vertical gap={10}>
            <Link to="/h5/login">
              <Button type="primary" size="large" block icon={<LoginOutlined />}>
                {t('登录', 'Sign in')}
              </Button>
            </Link>
            <Link to="/h5/signup">
              <Button size="large" block>
                {t('注册新账号', 'Create an account')}
              </Button>
            </Link>
          </Flex>
        )}
        {isStaff(me) ? (
          <Link to="/console" style={{ display: 'inline-block', marginTop: 12, minHeight: 44 }}>
            {t('进入电脑端工作台', 'Open the desktop console')}
          </Link>
        ) : null}
      </Card>
      {me ? (
        <Card
          title={
            <>
              <HomeOutlined /> {t('我的住户', 'My households')}
            </>
          }
        >
          {households.error ? <ErrorAlert error={households.error} onRetry={() => households.refetch()} /> : null}
          {households.data?.items.length ? (
            <List
              dataSource={households.data.items}
              rowKey="householdId"
              renderItem={(h) => (
                <List.Item>
                  <Flex vertical gap={6} style={{ width: '100%' }}>
                    <Typography.Text strong style={{ fontSize: '1.1em' }}>
                      {h.address}
                    </Typography.Text>
                    {h.gridName ? <Typography.Text type="secondary">{h.gridName}</Typography.Text> : null}
                    {h.buildingCode ? (
                      <Link to={`/p/duty/b/${encodeURIComponent(h.buildingCode)}`}>
                        <Button size="large" block icon={<TeamOutlined />}>
                          {t('查看网格责任人', 'See my grid team')}
                        </Button>
                      </Link>
                    ) : null}
                  </Flex>
                </List.Item>
              )}
            />
          ) : households.isPending ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : (
            <Typography.Paragraph type="secondary">
              {t('还没有关联的住户', 'No household linked yet')}
            </Typography.Paragraph>
          )}
          <Link to="/h5/link">
            <Button type="primary" size="large" block icon={<LinkOutlined />} style={{ marginTop: 8 }}>
              {t('申请关联住户', 'Ask to link a household')}
            </Button>
          </Link>
        </Card>
      ) : null}
      {me && open.length ? (
        <Card title={t('我的申请', 'My requests')}>
          <List
            dataSource={open}
            rowKey="id"
            renderItem={(r) => (
              <List.Item>
                <Flex vertical gap={4}>
                  <span>
                    <LinkStatusTag status={r.status} /> {r.address}
                  </span>
                  {r.status === 'pending' ? (
                    <Typography.Text type="secondary">
                      {t('等待网格员核对确认', 'Waiting for the grid worker to confirm')}
                    </Typography.Text>
                  ) : r.decisionNote ? (
                    <Typography.Text type="secondary">
                      {t(`说明：${r.decisionNote}`, `Note: ${r.decisionNote}`)}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {tiles.length ? (
        <nav className="gr-tiles" aria-label={t('服务', 'Services')}>
          {tiles.map((e) => (
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
      ) : null}
      <Link to="/p/duty">
        <Button size="large" block icon={<TeamOutlined />}>
          {t('按地址查找网格责任人', 'Find a grid team by address')}
        </Button>
      </Link>
      <Link to="/p/case">
        <Button size="large" block icon={<FileSearchOutlined />}>
          {t('按编号查询诉求进度', 'Look up a case by its number')}
        </Button>
      </Link>
    </Flex>
  );
}

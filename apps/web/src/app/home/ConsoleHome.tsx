/**
 * /console (工作台): who you are here — roles and the areas/organisations they cover (from /api/me) —
 * and one click to every section you may open.
 */
import { AppstoreOutlined } from '@ant-design/icons';
import { roleLabels } from '@grassroots/shared/auth/roles';
import { Card, Col, Descriptions, Empty, List, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { menuGroups, useConsoleMenu } from '../features-context';

function greeting(hour: number): [string, string] {
  if (hour < 5) return ['夜深了', 'Good evening'];
  if (hour < 11) return ['早上好', 'Good morning'];
  if (hour < 13) return ['中午好', 'Good afternoon'];
  if (hour < 18) return ['下午好', 'Good afternoon'];
  return ['晚上好', 'Good evening'];
}

export function ConsoleHome() {
  const { t, tl } = useI18n();
  const { data: me } = useMe();
  const links = useConsoleMenu().filter((e) => e.path !== '/console');
  if (!me) return null;
  const [zh, en] = greeting(new Date().getHours());
  const name = me.account.displayName;

  return (
    <>
      <PageHeader title={t('工作台', 'Home')} subtitle={t(`${zh}，${name}`, `${en}, ${name}`)} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={<h2 style={{ fontSize: '1em', margin: 0 }}>{t('我的角色与辖区', 'My roles and areas')}</h2>}>
            {me.grants.length ? (
              <List
                dataSource={me.grants}
                renderItem={(g) => (
                  <List.Item>
                    <Tag color="red">{tl(roleLabels[g.role])}</Tag>
                    <span>
                      {g.areaName ??
                        g.orgName ??
                        (g.role === 'resident' ? t('本人及家庭', 'Own household') : t('全部区域', 'All areas'))}
                    </span>
                  </List.Item>
                )}
              />
            ) : (
              <Empty description={t('尚未分配角色，请联系管理员', 'No roles yet; ask your administrator')} />
            )}
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 12 }}
              items={[
                { key: 'u', label: t('账号', 'Username'), children: me.account.username },
                ...(me.account.phoneMasked
                  ? [{ key: 'p', label: t('手机', 'Phone'), children: me.account.phoneMasked }]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={<h2 style={{ fontSize: '1em', margin: 0 }}>{t('快捷入口', 'Shortcuts')}</h2>}>
            {links.length ? (
              <nav className="gr-tiles" aria-label={t('快捷入口', 'Shortcuts')}>
                {links.map((e) => {
                  const group = menuGroups.find((g) => g.key === e.group);
                  return (
                    <Link key={e.path} to={e.path} data-testid={`shortcut-${e.key}`}>
                      <Card size="small" hoverable>
                        <Typography.Text strong>
                          <span aria-hidden style={{ marginInlineEnd: 8 }}>
                            {e.icon ?? <AppstoreOutlined />}
                          </span>
                          {tl(e.label)}
                        </Typography.Text>
                        {group ? (
                          <div>
                            <Typography.Text type="secondary">{tl(group.label)}</Typography.Text>
                          </div>
                        ) : null}
                      </Card>
                    </Link>
                  );
                })}
              </nav>
            ) : (
              <Empty description={t('暂无可用功能', 'Nothing available yet')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

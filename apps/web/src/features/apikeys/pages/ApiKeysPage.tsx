/** /console/api-keys — integration keys per organisation: create (shown once), revoke, usage log. */

import { PlusOutlined } from '@ant-design/icons';
import { type ApiKeyScope, apiKeyScopeLabels } from '@grassroots/shared/apikeys/apikeys.schema';
import { Button, Card, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type ApiKeyView, useApiKeyMutation, useApiKeys } from '../api';
import { CreateKeyModal } from '../components/CreateKeyModal';
import { UsesDrawer } from '../components/UsesDrawer';

const fmt = (d: string | null) => formatDateTime(d);

export function ApiKeysPage() {
  const { t, tl } = useI18n();
  const [status, setStatus] = useState<'all' | 'active' | 'revoked' | 'expired'>('all');
  const paging = usePaging();
  const [creating, setCreating] = useState(false);
  const [usesOf, setUsesOf] = useState<ApiKeyView | null>(null);
  const list = useApiKeys({
    status: status === 'all' ? undefined : status,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const revoke = useApiKeyMutation((k: ApiKeyView) => api.post(`/api/api-keys/${k.id}/revoke`));
  const statusTag = (k: ApiKeyView) =>
    k.status === 'active' ? (
      <Tag color="green">{t('有效', 'Active')}</Tag>
    ) : k.status === 'revoked' ? (
      <Tag color="red">{t('已吊销', 'Revoked')}</Tag>
    ) : (
      <Tag>{t('已过期', 'Expired')}</Tag>
    );

  return (
    <>
      <PageHeader
        title={t('接口密钥', 'API keys')}
        subtitle={t(
          '外部系统（如 12345 热线）按单位接入；密钥只显示一次，仅保存摘要',
          'Per-organisation keys for external systems; shown once, stored hashed',
        )}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('新建密钥', 'New key')}
          </Button>
        }
      />
      <Card>
        <FilterBar>
          <Segmented
            aria-label={t('按状态筛选', 'Filter by status')}
            value={status}
            onChange={paging.resetting((v) => setStatus(v as typeof status))}
            options={[
              { value: 'all', label: t('全部', 'All') },
              { value: 'active', label: t('有效', 'Active') },
              { value: 'expired', label: t('已过期', 'Expired') },
              { value: 'revoked', label: t('已吊销', 'Revoked') },
            ]}
          />
        </FilterBar>
        <PagedTable<ApiKeyView>
          query={list}
          paging={paging}
          empty={t('暂无接口密钥', 'No API keys')}
          total={(n) => t(`共 ${n} 个密钥`, `${n} keys`)}
          scroll={{ x: 1100 }}
          columns={[
            {
              title: t('名称 / 单位', 'Name / organisation'),
              key: 'name',
              render: (_, k) => (
                <div>
                  <div>{k.name}</div>
                  <Typography.Text type="secondary">{k.orgName}</Typography.Text>
                </div>
              ),
            },
            {
              title: t('前缀', 'Prefix'),
              dataIndex: 'prefix',
              render: (p: string) => <Typography.Text code>grk_{p}_…</Typography.Text>,
            },
            {
              title: t('权限范围', 'Scopes'),
              dataIndex: 'scopes',
              render: (s: string[]) => (
                <Space size={[4, 4]} wrap>
                  {s.map((x) => (
                    <Tag key={x}>
                      {apiKeyScopeLabels[x as ApiKeyScope] ? tl(apiKeyScopeLabels[x as ApiKeyScope]) : x}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('限流/分钟', 'Per minute'), dataIndex: 'rateLimit', align: 'right' },
            {
              title: t('有效期至', 'Expires'),
              dataIndex: 'expiresAt',
              render: (d: string | null) => (d ? fmt(d) : t('长期', 'Never')),
            },
            { title: t('最近使用', 'Last used'), dataIndex: 'lastUsedAt', render: fmt },
            { title: t('状态', 'Status'), key: 'status', render: (_, k) => statusTag(k) },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              fixed: 'right',
              render: (_, k) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setUsesOf(k)}>
                    {t('调用记录', 'Uses')}
                  </Button>
                  {k.status === 'revoked' ? null : (
                    <ConfirmButton
                      type="link"
                      size="small"
                      confirm={t(`吊销「${k.name}」？`, `Revoke ${k.name}?`)}
                      description={t(
                        '吊销后使用该密钥的系统将立即无法访问，且不可恢复',
                        'Systems using it lose access at once; this cannot be undone',
                      )}
                      onConfirm={() => revoke.mutateAsync(k)}
                    >
                      {t('吊销', 'Revoke')}
                    </ConfirmButton>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} />
      <UsesDrawer apiKey={usesOf} onClose={() => setUsesOf(null)} />
    </>
  );
}

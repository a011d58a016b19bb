/** /console/organisations — departments, property companies, the property centre, units, external systems. */
import { PlusOutlined } from '@ant-design/icons';
import { type OrgKind, orgKindLabels, orgKinds } from '@grassroots/shared/organisations/organisations.schema';
import { Button, Card, Input, Segmented, Space, Tag } from 'antd';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type OrgView, useOrganisations, useOrgMutation } from '../api';
import { OrgFormModal } from '../components/OrgFormModal';

export function OrganisationsPage() {
  const { t, tl } = useI18n();
  const { can } = useCan();
  const manage = can('orgs.manage');
  const [kind, setKind] = useState<OrgKind | 'all'>('all');
  const [q, setQ] = useState('');
  const paging = usePaging();
  const [editing, setEditing] = useState<OrgView | null | undefined>(undefined);
  const list = useOrganisations({
    kind: kind === 'all' ? undefined : kind,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const toggle = useOrgMutation((o: OrgView) =>
    api.post(`/api/organisations/${o.id}/${o.disabled ? 'enable' : 'disable'}`),
  );

  return (
    <>
      <PageHeader
        title={t('单位管理', 'Organisations')}
        subtitle={t(
          '职能部门、物业企业、物业管理服务中心、驻区单位与外部系统',
          'Departments, property companies, the property centre, units and external systems',
        )}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('新建单位', 'New organisation')}
            </Button>
          ) : null
        }
      />
      <Card>
        <FilterBar>
          <Segmented
            aria-label={t('按类型筛选', 'Filter by kind')}
            value={kind}
            onChange={paging.resetting((v) => setKind(v as OrgKind | 'all'))}
            options={[
              { value: 'all', label: t('全部', 'All') },
              ...orgKinds.map((k) => ({ value: k, label: tl(orgKindLabels[k]) })),
            ]}
          />
          <Input.Search
            aria-label={t('搜索名称或编码', 'Search name or code')}
            placeholder={t('搜索名称或编码', 'Search name or code')}
            allowClear
            onSearch={paging.resetting((v: string) => setQ(v.trim()))}
            style={{ width: 260 }}
          />
        </FilterBar>
        <PagedTable<OrgView>
          query={list}
          paging={paging}
          empty={t('暂无单位', 'No organisations')}
          total={(n) => t(`共 ${n} 个单位`, `${n} organisations`)}
          scroll={{ x: 900 }}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name' },
            { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: OrgKind) => <Tag>{tl(orgKindLabels[k])}</Tag> },
            { title: t('编码', 'Code'), dataIndex: 'code', render: (c: string | null) => c ?? '—' },
            { title: t('区域', 'Area'), dataIndex: 'areaName', render: (n: string | null) => n ?? '—' },
            { title: t('联系人', 'Contact'), dataIndex: 'contactName', render: (n: string | null) => n ?? '—' },
            { title: t('值班电话', 'Duty phone'), dataIndex: 'dutyPhone', render: (n: string | null) => n ?? '—' },
            {
              title: t('状态', 'Status'),
              dataIndex: 'disabled',
              render: (d: boolean) =>
                d ? <Tag>{t('已停用', 'Disabled')}</Tag> : <Tag color="green">{t('正常', 'Active')}</Tag>,
            },
            ...(manage
              ? [
                  {
                    title: t('操作', 'Actions'),
                    key: 'actions',
                    fixed: 'right' as const,
                    render: (_: unknown, o: OrgView) => (
                      <Space size={0}>
                        <Button type="link" size="small" onClick={() => setEditing(o)}>
                          {t('编辑', 'Edit')}
                        </Button>
                        <ConfirmButton
                          type="link"
                          size="small"
                          danger={!o.disabled}
                          confirm={
                            o.disabled
                              ? t(`启用「${o.name}」？`, `Enable ${o.name}?`)
                              : t(`停用「${o.name}」？`, `Disable ${o.name}?`)
                          }
                          description={
                            o.disabled
                              ? undefined
                              : t('停用后该单位的接口密钥也将失效', 'Its API keys stop working too')
                          }
                          onConfirm={() => toggle.mutateAsync(o)}
                        >
                          {o.disabled ? t('启用', 'Enable') : t('停用', 'Disable')}
                        </ConfirmButton>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <OrgFormModal open={editing !== undefined} org={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}

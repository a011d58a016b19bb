/**
 * 党员包联户 of one grid: who is linked to which household, and — so gaps are visible — the no-smartphone
 * households nobody is linked to, each with a one-click "link" action.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import {
  type HouseholdGap,
  type HouseholdLink,
  searchHouseholds,
  useChainMutation,
  useHouseholdGaps,
  useHouseholdLinks,
} from '../api';
import { RemoteSelect } from './RemoteSelect';

interface Member {
  accountId: string;
  name: string;
}
interface Values {
  accountId: string;
  householdId: string;
}

export function HouseholdLinksTab(props: { gridId: string; members: Member[]; canWrite: boolean }) {
  const { gridId, members, canWrite } = props;
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [gapPage, setGapPage] = useState(1);
  const [linking, setLinking] = useState<{ householdId?: string; address?: string } | null>(null);
  const [form] = Form.useForm<Values>();
  const links = useHouseholdLinks(gridId, page);
  const gaps = useHouseholdGaps(gridId, gapPage);
  const add = useChainMutation((v: Values) => api.post('/api/chain/household-links', v));
  const remove = useChainMutation((id: string) => api.delete(`/api/chain/household-links/${id}`));
  const open = (h?: HouseholdGap) => setLinking({ householdId: h?.householdId, address: h?.address });
  const values = useMemo(() => ({ householdId: linking?.householdId }), [linking]);
  const gapCount = links.data?.unlinkedNoSmartphone ?? 0;
  return (
    <>
      {gapCount > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(
            `本网格有 ${gapCount} 户无智能手机户尚无党员包联`,
            `${gapCount} households without a smartphone have no linked party member`,
          )}
        />
      ) : null}
      {canWrite ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open()} style={{ marginBottom: 12 }}>
          {t('新增包联户', 'Link a household')}
        </Button>
      ) : null}
      {links.error ? <ErrorAlert error={links.error} onRetry={() => links.refetch()} /> : null}
      <Table<HouseholdLink>
        rowKey="id"
        size="small"
        loading={links.isFetching}
        dataSource={links.data?.items ?? []}
        locale={{ emptyText: t('暂无党员包联户', 'No household links yet') }}
        pagination={{ current: page, pageSize: 10, total: links.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('党员', 'Party member'), dataIndex: 'memberName' },
          { title: t('住户地址', 'Address'), dataIndex: 'address' },
          { title: t('户主', 'Head'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
          {
            title: t('智能手机', 'Smartphone'),
            dataIndex: 'noSmartphone',
            render: (v: boolean) => (v ? <Tag color="orange">{t('无智能手机', 'None')}</Tag> : t('有', 'Yes')),
          },
          ...(canWrite
            ? [
                {
                  title: t('操作', 'Actions'),
                  key: 'a',
                  render: (_: unknown, r: HouseholdLink) => (
                    <ConfirmButton
                      type="link"
                      size="small"
                      confirm={t(`取消 ${r.memberName} 对该户的包联？`, `Unlink ${r.memberName}?`)}
                      onConfirm={() => remove.mutateAsync(r.id)}
                    >
                      {t('取消包联', 'Unlink')}
                    </ConfirmButton>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Card
        size="small"
        title={t('无人包联的无智能手机户', 'No-smartphone households nobody is linked to')}
        style={{ marginTop: 12 }}
      >
        <Table<HouseholdGap>
          rowKey="householdId"
          size="small"
          loading={gaps.isFetching}
          dataSource={gaps.data?.items ?? []}
          locale={{ emptyText: t('没有缺口，全部已包联', 'No gaps: every such household is linked') }}
          pagination={{ current: gapPage, pageSize: 10, total: gaps.data?.total ?? 0, onChange: setGapPage }}
          columns={[
            { title: t('住户地址', 'Address'), dataIndex: 'address' },
            { title: t('户主', 'Head'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
            ...(canWrite
              ? [
                  {
                    title: t('操作', 'Actions'),
                    key: 'a',
                    render: (_: unknown, r: HouseholdGap) => (
                      <Button type="link" size="small" onClick={() => open(r)}>
                        {t('安排党员包联', 'Link a member')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <FormModal
        open={!!linking}
        title={t('新增党员包联户', 'Link a party member to a household')}
        form={form}
        values={values}
        onSave={add.mutateAsync}
        saving={add.isPending}
        done={t('已包联', 'Linked')}
        onClose={() => setLinking(null)}
        error={add.error}
      >
        <Form.Item name="accountId" label={t('党员（五级）', 'Party member (L5)')} rules={[{ required: true }]}>
          <Select
            options={members.map((m) => ({ value: m.accountId, label: m.name }))}
            notFoundContent={t('本网格尚无党员，请先在上方添加五级责任人', 'Add an L5 party member first')}
          />
        </Form.Item>
        <Form.Item name="householdId" label={t('住户', 'Household')} rules={[{ required: true }]}>
          {linking?.address ? (
            <Select disabled options={[{ value: linking.householdId, label: linking.address }]} />
          ) : (
            <RemoteSelect
              queryKey={['households', 'pick', gridId]}
              search={(q) => searchHouseholds(gridId, q)}
              toOption={(h) => ({
                value: h.id,
                label: `${h.address}${h.headName ? ` · ${h.headName}` : ''}${h.noSmartphone ? t(' · 无智能手机', ' · no smartphone') : ''}`,
              })}
              placeholder={t('输入地址或户主搜索', 'Search by address or head')}
            />
          )}
        </Form.Item>
      </FormModal>
    </>
  );
}
